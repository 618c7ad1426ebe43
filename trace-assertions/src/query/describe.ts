import type { SpanQuery, ValueMatcher } from '../types.ts';
import { describeMatcher } from './matchers.ts';

function filter(key: string, matcher: ValueMatcher): string {
  const described = describeMatcher(matcher);
  return described.startsWith('= ') ? `${key}=${described.slice(2)}` : `${key} ${described}`;
}

function ownFilters(query: SpanQuery): string[] {
  const parts: string[] = [];
  if (query.service !== undefined) parts.push(filter('service.name', query.service));
  if (query.name !== undefined) parts.push(filter('name', query.name));
  if (query.kind !== undefined) parts.push(`kind=${JSON.stringify(query.kind)}`);
  if (query.status !== undefined) parts.push(`status=${JSON.stringify(query.status)}`);
  if (query.type !== undefined) parts.push(filter('tracetest.span.type', query.type));
  if (query.traceId !== undefined) parts.push(`trace_id="${query.traceId}"`);
  if (query.spanId !== undefined) parts.push(`span_id="${query.spanId}"`);
  if (query.root !== undefined) parts.push(`root=${query.root}`);
  for (const [key, matcher] of Object.entries(query.attributes ?? {})) parts.push(filter(key, matcher));
  for (const [key, matcher] of Object.entries(query.resource ?? {})) parts.push(filter(`resource.${key}`, matcher));
  if (query.minDurationMs !== undefined) parts.push(`duration >= ${query.minDurationMs}ms`);
  if (query.maxDurationMs !== undefined) parts.push(`duration <= ${query.maxDurationMs}ms`);
  if (query.durationMs !== undefined) parts.push(filter('duration(ms)', query.durationMs));
  for (const event of query.events ?? [])
    parts.push(`event(${event.name === undefined ? '*' : describeMatcher(event.name)})`);
  return parts;
}

function pick(query: SpanQuery): string {
  if (query.pick === undefined) return '';
  return typeof query.pick === 'string' ? `:${query.pick}` : `:nth_child(${query.pick.nth})`;
}

/** Renders a query as a selector-like string for messages (e.g. `span[service.name="a"] > span[kind="server"]`). */
export function describeQuery(query: SpanQuery): string {
  if (query.label !== undefined) return query.label;
  let own = `span[${ownFilters(query).join(' ')}]${pick(query)}`;
  if (query.anyOf !== undefined) own = `${own}:any(${query.anyOf.map(describeQuery).join(', ')})`;
  if (query.linkedFrom !== undefined) own = `${own}:linked_from(${describeQuery(query.linkedFrom)})`;
  if (query.parent !== undefined) return `${describeQuery(query.parent)} > ${own}`;
  if (query.linksTo !== undefined) return `${describeQuery(query.linksTo)} ~> ${own}`;
  if (query.ancestorOrLinked !== undefined) return `${describeQuery(query.ancestorOrLinked)} >> ${own}`;
  if (query.ancestor !== undefined) return `${describeQuery(query.ancestor)} ${own}`;
  return own;
}
