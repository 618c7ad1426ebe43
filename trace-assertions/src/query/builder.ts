import type { EventQuery, SpanKind, SpanQuery, SpanStatusCode, ValueMatcher } from '../types.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An immutable fluent builder of SpanQuery; every step returns a new builder. */
export class SpanQueryBuilder {
  readonly #query: SpanQuery;

  constructor(query: SpanQuery = {}) {
    this.#query = query;
  }

  #with(patch: Mutable<SpanQuery>): SpanQueryBuilder {
    return new SpanQueryBuilder({ ...this.#query, ...patch });
  }

  /** The span name matches. */
  name(matcher: ValueMatcher): SpanQueryBuilder {
    return this.#with({ name: matcher });
  }

  /** The resource `service.name` matches. */
  service(matcher: ValueMatcher): SpanQueryBuilder {
    return this.#with({ service: matcher });
  }

  /** The span kind is one of `kinds`. */
  kind(...kinds: SpanKind[]): SpanQueryBuilder {
    return this.#with({ kind: kinds.length === 1 ? (kinds[0] as SpanKind) : kinds });
  }

  /** The status code is `code`. */
  status(code: SpanStatusCode): SpanQueryBuilder {
    return this.#with({ status: code });
  }

  /** The attribute `key` (span, then resource) matches. */
  attr(key: string, matcher: ValueMatcher): SpanQueryBuilder {
    return this.#with({ attributes: { ...this.#query.attributes, [key]: matcher } });
  }

  /** The resource attribute `key` matches. */
  resource(key: string, matcher: ValueMatcher): SpanQueryBuilder {
    return this.#with({ resource: { ...this.#query.resource, [key]: matcher } });
  }

  /** The duration lies within the bounds (ms, inclusive). */
  duration(bounds: { min?: number; max?: number }): SpanQueryBuilder {
    return this.#with({
      ...(bounds.min !== undefined ? { minDurationMs: bounds.min } : {}),
      ...(bounds.max !== undefined ? { maxDurationMs: bounds.max } : {}),
    });
  }

  /** The span has an event matching `event`. */
  event(event: EventQuery): SpanQueryBuilder {
    return this.#with({ events: [...(this.#query.events ?? []), event] });
  }

  /** The span is (true) or is not (false) a root span. */
  root(isRoot = true): SpanQueryBuilder {
    return this.#with({ root: isRoot });
  }

  /** The direct parent matches. */
  childOf(parent: SpanQuery | SpanQueryBuilder): SpanQueryBuilder {
    return this.#with({ parent: unwrap(parent) });
  }

  /** Some ancestor matches. */
  descendantOf(ancestor: SpanQuery | SpanQueryBuilder): SpanQueryBuilder {
    return this.#with({ ancestor: unwrap(ancestor) });
  }

  /** Some ancestor, through parent ids or span links, matches. */
  descendantOrLinkedFrom(ancestor: SpanQuery | SpanQueryBuilder): SpanQueryBuilder {
    return this.#with({ ancestorOrLinked: unwrap(ancestor) });
  }

  /** The span links to a span matching `target`. */
  linksTo(target: SpanQuery | SpanQueryBuilder): SpanQueryBuilder {
    return this.#with({ linksTo: unwrap(target) });
  }

  /** Keeps the first match (start-time order). */
  first(): SpanQueryBuilder {
    return this.#with({ pick: 'first' });
  }

  /** Keeps the last match (start-time order). */
  last(): SpanQueryBuilder {
    return this.#with({ pick: 'last' });
  }

  /** Keeps the n-th match, 1-based. */
  nth(n: number): SpanQueryBuilder {
    return this.#with({ pick: { nth: n } });
  }

  /** Names the query in messages. */
  label(text: string): SpanQueryBuilder {
    return this.#with({ label: text });
  }

  /** The plain-data query. */
  toQuery(): SpanQuery {
    return this.#query;
  }
}

function unwrap(query: SpanQuery | SpanQueryBuilder): SpanQuery {
  return query instanceof SpanQueryBuilder ? query.toQuery() : query;
}

/**
 * Starts a fluent span query.
 * @example findSpans(trace, span().service('order-service').kind('producer'))
 */
export function span(query: SpanQuery = {}): SpanQueryBuilder {
  return new SpanQueryBuilder(query);
}
