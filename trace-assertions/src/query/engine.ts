import type { Mismatch, Span, SpanQuery } from '../types.ts';
import { compileLocalMatch } from './compile-local.ts';
import { localMatches, localMismatches } from './local-match.ts';
import { relationMismatches } from './relation-mismatches.ts';
import { ancestorsOf, linkTargets } from './relatives.ts';
import { compareSpans, type SpanIndex } from './span-index.ts';

/** Evaluates queries over one SpanIndex, memoising the span set of every (sub)query. */
export interface Evaluator {
  readonly index: SpanIndex;
  /** The spans matching `query`, in start-time order, after `pick`. */
  select(query: SpanQuery): readonly Span[];
  /** Whether `span` passes `query`'s filters and relations (its pick aside). */
  matches(span: Span, query: SpanQuery): boolean;
  /** Every reason `span` is not selected by `query` (empty when it is). */
  mismatches(span: Span, query: SpanQuery): Mismatch[];
}

function pickFrom(spans: readonly Span[], pick: SpanQuery['pick']): readonly Span[] {
  if (pick === undefined) return spans;
  if (pick === 'first') return spans.slice(0, 1);
  if (pick === 'last') return spans.slice(-1);
  const chosen = spans[pick.nth - 1];
  return chosen === undefined ? [] : [chosen];
}

function hasRelations(query: SpanQuery): boolean {
  return (
    query.parent !== undefined ||
    query.ancestor !== undefined ||
    query.ancestorOrLinked !== undefined ||
    query.linksTo !== undefined ||
    query.linkedFrom !== undefined ||
    query.anyOf !== undefined
  );
}

/** The memoised evaluation: each (sub)query's picked spans, and membership sets for queries used as relations. */
class QueryEvaluator implements Evaluator {
  readonly index: SpanIndex;
  readonly #lists = new Map<SpanQuery, readonly Span[]>();
  readonly #sets = new Map<SpanQuery, Set<Span>>();

  constructor(index: SpanIndex) {
    this.index = index;
  }

  select(query: SpanQuery): readonly Span[] {
    let list = this.#lists.get(query);
    if (list === undefined) {
      list = pickFrom(this.#matching(query), query.pick);
      this.#lists.set(query, list);
    }
    return list;
  }

  matches(span: Span, query: SpanQuery): boolean {
    return localMatches(span, query) && this.relationsHold(span, query);
  }

  mismatches(span: Span, query: SpanQuery): Mismatch[] {
    const out = [...localMismatches(span, query), ...relationMismatches(this, span, query)];
    if (out.length === 0 && query.pick !== undefined && !this.selected(query).has(span)) {
      const expected = typeof query.pick === 'string' ? `:${query.pick}` : `:nth_child(${query.pick.nth})`;
      out.push({ field: 'pick', expected, actual: 'matched the filters but is not the picked span' });
    }
    return out;
  }

  // Membership sets only for queries used as relations: a plain find never builds one.
  selected(query: SpanQuery): Set<Span> {
    let set = this.#sets.get(query);
    if (set === undefined) {
      set = new Set(this.select(query));
      this.#sets.set(query, set);
    }
    return set;
  }

  relationsHold(span: Span, query: SpanQuery): boolean {
    if (query.parent !== undefined && !this.#someSelected([this.index.parentOf(span)], query.parent)) return false;
    if (query.ancestor !== undefined && !this.#someSelected(ancestorsOf(this.index, span, false), query.ancestor)) {
      return false;
    }
    const { ancestorOrLinked, linksTo, linkedFrom } = query;
    if (ancestorOrLinked !== undefined && !this.#someSelected(ancestorsOf(this.index, span, true), ancestorOrLinked)) {
      return false;
    }
    if (linksTo !== undefined && !this.#someSelected(linkTargets(this.index, span), linksTo)) return false;
    if (linkedFrom !== undefined && !this.#someSelected(this.index.linkersOf(span), linkedFrom)) return false;
    return query.anyOf === undefined || query.anyOf.some((alt) => this.passes(span, alt));
  }

  // An alternative without a pick is tested on the span itself: its whole match set can be the size of the store.
  passes(span: Span, alt: SpanQuery): boolean {
    return alt.pick === undefined ? this.matches(span, alt) : this.selected(alt).has(span);
  }

  // Indexed candidates are few and unordered: filter them, then sort only what matched.
  #matching(query: SpanQuery): Span[] {
    const local = compileLocalMatch(query);
    const related = hasRelations(query);
    const test = related ? (span: Span) => local(span) && this.relationsHold(span, query) : local;
    if (this.index.eachCandidate === undefined) return this.index.spans.filter(test);
    if (!related && this.index.filter !== undefined) return this.index.filter(query, local).sort(compareSpans);
    const matched: Span[] = [];
    this.index.eachCandidate(query, (span) => {
      if (test(span)) matched.push(span);
    });
    return matched.sort(compareSpans);
  }

  #someSelected(spans: ReadonlyArray<Span | undefined>, query: SpanQuery): boolean {
    const set = this.selected(query);
    return spans.some((span) => span !== undefined && set.has(span));
  }
}

/** Creates an Evaluator over `index`. */
export function createEvaluator(index: SpanIndex): Evaluator {
  return new QueryEvaluator(index);
}
