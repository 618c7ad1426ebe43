import type { Mismatch, Span, SpanQuery } from '../types.ts';
import { compileLocalMatch } from './compile-local.ts';
import { describeQuery } from './describe.ts';
import { localMatches, localMismatches } from './local-match.ts';
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

function label(span: Span): string {
  return `${span.service} ${span.kind} "${span.name}" (${span.spanId})`;
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

/** Creates an Evaluator over `index`. */
export function createEvaluator(index: SpanIndex): Evaluator {
  const lists = new Map<SpanQuery, readonly Span[]>();
  const sets = new Map<SpanQuery, Set<Span>>();

  const selectedList = (query: SpanQuery): readonly Span[] => {
    let list = lists.get(query);
    if (list === undefined) {
      list = pickFrom(matching(query), query.pick);
      lists.set(query, list);
    }
    return list;
  };

  // Membership sets only for queries used as relations: a plain find never builds one.
  const selected = (query: SpanQuery): Set<Span> => {
    let set = sets.get(query);
    if (set === undefined) {
      set = new Set(selectedList(query));
      sets.set(query, set);
    }
    return set;
  };

  // Indexed candidates are few and unordered: filter them, then sort only what matched.
  const matching = (query: SpanQuery): Span[] => {
    const local = compileLocalMatch(query);
    const test = hasRelations(query) ? (span: Span) => local(span) && relationsHold(span, query) : local;
    if (index.eachCandidate === undefined) return index.spans.filter(test);
    const matched: Span[] = [];
    index.eachCandidate(query, (span) => {
      if (test(span)) matched.push(span);
    });
    return matched.sort(compareSpans);
  };

  const ancestors = (span: Span, viaLinks: boolean): Span[] => {
    const seen = new Set<Span>();
    const queue: Span[] = [span];
    while (queue.length > 0) {
      const current = queue.shift() as Span;
      const next: Array<Span | undefined> = [index.parentOf(current)];
      if (viaLinks) next.push(...current.links.map((link) => index.get(link.traceId, link.spanId)));
      for (const candidate of next) {
        if (candidate !== undefined && !seen.has(candidate) && candidate !== span) {
          seen.add(candidate);
          queue.push(candidate);
        }
      }
    }
    return [...seen];
  };

  const relationsHold = (span: Span, query: SpanQuery): boolean => {
    if (query.parent !== undefined) {
      const parent = index.parentOf(span);
      if (parent === undefined || !selected(query.parent).has(parent)) return false;
    }
    if (query.ancestor !== undefined && !someSelected(ancestors(span, false), query.ancestor)) return false;
    if (query.ancestorOrLinked !== undefined && !someSelected(ancestors(span, true), query.ancestorOrLinked)) {
      return false;
    }
    if (query.linksTo !== undefined) {
      const targets = span.links.map((link) => index.get(link.traceId, link.spanId));
      if (!targets.some((t) => t !== undefined && selected(query.linksTo as SpanQuery).has(t))) return false;
    }
    if (query.linkedFrom !== undefined && !someSelected(index.linkersOf(span), query.linkedFrom)) return false;
    return query.anyOf === undefined || query.anyOf.some((alt) => passes(span, alt));
  };

  // An alternative without a pick is tested on the span itself: its whole match set can be the size of the store.
  const passes = (span: Span, alt: SpanQuery): boolean =>
    alt.pick === undefined ? localMatches(span, alt) && relationsHold(span, alt) : selected(alt).has(span);

  const someSelected = (spans: readonly Span[], query: SpanQuery): boolean => {
    const set = selected(query);
    return spans.some((span) => set.has(span));
  };

  const relational = (span: Span, query: SpanQuery, out: Mismatch[]): void => {
    if (query.parent !== undefined) {
      const parent = index.parentOf(span);
      if (parent === undefined || !selected(query.parent).has(parent)) {
        const actual = parent
          ? label(parent)
          : span.parentSpanId
            ? `parent ${span.parentSpanId} not received`
            : 'root span';
        out.push({ field: 'parent', expected: describeQuery(query.parent), actual });
      }
    }
    for (const [field, sub, viaLinks] of [
      ['ancestor', query.ancestor, false],
      ['ancestorOrLinked', query.ancestorOrLinked, true],
    ] as const) {
      if (sub === undefined) continue;
      const found = ancestors(span, viaLinks);
      if (!found.some((a) => selected(sub).has(a))) {
        const actual = found.length === 0 ? 'no ancestors received' : `ancestors: ${found.map(label).join(', ')}`;
        out.push({ field, expected: describeQuery(sub), actual });
      }
    }
    if (query.linksTo !== undefined) {
      const targets = span.links.map((link) => index.get(link.traceId, link.spanId));
      if (!targets.some((t) => t !== undefined && selected(query.linksTo as SpanQuery).has(t))) {
        const actual = span.links.length === 0 ? 'no links' : `links to ${span.links.map((l) => l.spanId).join(', ')}`;
        out.push({ field: 'linksTo', expected: describeQuery(query.linksTo), actual });
      }
    }
    if (query.linkedFrom !== undefined) {
      const linkers = index.linkersOf(span);
      if (!linkers.some((l) => selected(query.linkedFrom as SpanQuery).has(l))) {
        const actual = linkers.length === 0 ? 'no span links here' : `linked from ${linkers.map(label).join(', ')}`;
        out.push({ field: 'linkedFrom', expected: describeQuery(query.linkedFrom), actual });
      }
    }
    if (query.anyOf !== undefined && !query.anyOf.some((alt) => passes(span, alt))) {
      out.push({ field: 'anyOf', expected: query.anyOf.map(describeQuery).join(' OR '), actual: 'none matched' });
    }
  };

  function unpicked(span: Span, query: SpanQuery): Mismatch[] {
    const out = localMismatches(span, query);
    relational(span, query, out);
    return out;
  }

  return {
    index,
    select: (query) => selectedList(query),
    matches: (span, query) => localMatches(span, query) && relationsHold(span, query),
    mismatches(span, query) {
      const out = unpicked(span, query);
      if (out.length === 0 && query.pick !== undefined && !selected(query).has(span)) {
        const expected = typeof query.pick === 'string' ? `:${query.pick}` : `:nth_child(${query.pick.nth})`;
        out.push({ field: 'pick', expected, actual: 'matched the filters but is not the picked span' });
      }
      return out;
    },
  };
}
