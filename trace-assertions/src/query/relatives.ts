import type { Span } from '../types.ts';
import type { SpanIndex } from './span-index.ts';

/** Every ancestor of `span` in the index (through parents, and span links when `viaLinks`), nearest first. */
export function ancestorsOf(index: SpanIndex, span: Span, viaLinks: boolean): Span[] {
  const seen = new Set<Span>();
  const queue: Span[] = [span];
  while (queue.length > 0) {
    const current = queue.shift() as Span;
    const next: Array<Span | undefined> = [index.parentOf(current)];
    if (viaLinks) next.push(...linkTargets(index, current));
    for (const candidate of next) {
      if (candidate !== undefined && !seen.has(candidate) && candidate !== span) {
        seen.add(candidate);
        queue.push(candidate);
      }
    }
  }
  return [...seen];
}

/** The spans `span` links to, undefined where the index lacks one. */
export const linkTargets = (index: SpanIndex, span: Span): Array<Span | undefined> =>
  span.links.map((link) => index.get(link.traceId, link.spanId));
