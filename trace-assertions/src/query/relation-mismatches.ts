import type { Mismatch, Span, SpanQuery } from '../types.ts';
import { describeQuery } from './describe.ts';
import { ancestorsOf, linkTargets } from './relatives.ts';
import type { SpanIndex } from './span-index.ts';

/** What the mismatch explanations need from the evaluation. */
export interface RelationContext {
  readonly index: SpanIndex;
  /** The spans `query` selects (after its pick). */
  selected(query: SpanQuery): Set<Span>;
  /** Whether `span` satisfies one `anyOf` alternative. */
  passes(span: Span, alt: SpanQuery): boolean;
}

const label = (span: Span): string => `${span.service} ${span.kind} "${span.name}" (${span.spanId})`;

const hit = (spans: ReadonlyArray<Span | undefined>, set: Set<Span>): boolean =>
  spans.some((span) => span !== undefined && set.has(span));

/** Every relation of `query` (parent, ancestors, links, anyOf) that `span` does not satisfy, with what it has instead. */
export function relationMismatches(context: RelationContext, span: Span, query: SpanQuery): Mismatch[] {
  return [
    ...parentMismatch(context, span, query),
    ...ancestorMismatches(context, span, query),
    ...linkMismatches(context, span, query),
    ...anyOfMismatch(context, span, query),
  ];
}

function parentMismatch(context: RelationContext, span: Span, query: SpanQuery): Mismatch[] {
  if (query.parent === undefined) return [];
  const parent = context.index.parentOf(span);
  if (parent !== undefined && context.selected(query.parent).has(parent)) return [];
  const actual = parent ? label(parent) : span.parentSpanId ? `parent ${span.parentSpanId} not received` : 'root span';
  return [{ field: 'parent', expected: describeQuery(query.parent), actual }];
}

function ancestorMismatches(context: RelationContext, span: Span, query: SpanQuery): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [field, sub, viaLinks] of [
    ['ancestor', query.ancestor, false],
    ['ancestorOrLinked', query.ancestorOrLinked, true],
  ] as const) {
    if (sub === undefined) continue;
    const found = ancestorsOf(context.index, span, viaLinks);
    if (hit(found, context.selected(sub))) continue;
    const actual = found.length === 0 ? 'no ancestors received' : `ancestors: ${found.map(label).join(', ')}`;
    out.push({ field, expected: describeQuery(sub), actual });
  }
  return out;
}

function linkMismatches(context: RelationContext, span: Span, query: SpanQuery): Mismatch[] {
  const out: Mismatch[] = [];
  if (query.linksTo !== undefined && !hit(linkTargets(context.index, span), context.selected(query.linksTo))) {
    const actual = span.links.length === 0 ? 'no links' : `links to ${span.links.map((l) => l.spanId).join(', ')}`;
    out.push({ field: 'linksTo', expected: describeQuery(query.linksTo), actual });
  }
  const linkers = query.linkedFrom === undefined ? [] : context.index.linkersOf(span);
  if (query.linkedFrom !== undefined && !hit(linkers, context.selected(query.linkedFrom))) {
    const actual = linkers.length === 0 ? 'no span links here' : `linked from ${linkers.map(label).join(', ')}`;
    out.push({ field: 'linkedFrom', expected: describeQuery(query.linkedFrom), actual });
  }
  return out;
}

function anyOfMismatch(context: RelationContext, span: Span, query: SpanQuery): Mismatch[] {
  if (query.anyOf === undefined || query.anyOf.some((alt) => context.passes(span, alt))) return [];
  return [{ field: 'anyOf', expected: query.anyOf.map(describeQuery).join(' OR '), actual: 'none matched' }];
}
