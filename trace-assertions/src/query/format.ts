import type { NearMiss, Span } from '../types.ts';

function round(ms: number): string {
  return `${Math.round(ms * 100) / 100}ms`;
}

/** One line describing a span: service, kind, name, ids, status, duration. */
export function formatSpan(span: Span): string {
  const parent = span.parentSpanId ?? '-';
  const status = span.status.code === 'unset' ? '' : ` status=${span.status.code}`;
  return `${span.service} ${span.kind} "${span.name}" span=${span.spanId} parent=${parent}${status} ${round(span.durationMs)}`;
}

/** A span list as indented lines, shortened past `limit` spans. */
export function formatSpans(spans: readonly Span[], limit = 20, indent = '  '): string {
  if (spans.length === 0) return `${indent}(none)`;
  const lines = spans.slice(0, limit).map((span) => `${indent}- ${formatSpan(span)}`);
  if (spans.length > limit) lines.push(`${indent}… and ${spans.length - limit} more`);
  return lines.join('\n');
}

/** Near misses as indented lines with each mismatch's expected vs actual. */
export function formatNearMisses(misses: readonly NearMiss[], indent = '  '): string {
  if (misses.length === 0) return `${indent}(no candidate spans)`;
  return misses
    .map((miss) => {
      const reasons = miss.mismatches.map((m) => `${indent}    ${m.field}: expected ${m.expected}, got ${m.actual}`);
      return [`${indent}- ${formatSpan(miss.span)}`, ...reasons].join('\n');
    })
    .join('\n');
}
