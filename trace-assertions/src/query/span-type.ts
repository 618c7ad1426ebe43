import type { Span } from '../types.ts';

const TYPES: ReadonlyArray<[string, readonly string[]]> = [
  ['http', ['http.request.method', 'http.method', 'http.route', 'http.url', 'url.full']],
  ['database', ['db.system', 'db.system.name']],
  ['messaging', ['messaging.system']],
  ['rpc', ['rpc.system']],
  ['faas', ['faas.trigger', 'faas.invoked_name']],
  ['exec', ['process.command']],
];

/** Tracetest's `tracetest.span.type`: the semantic-convention family a span belongs to, or 'general'. */
export function spanType(span: Span): string {
  for (const [type, keys] of TYPES) {
    if (keys.some((key) => span.attributes[key] !== undefined)) return type;
  }
  return 'general';
}
