/** A parsed W3C traceparent header. */
export interface TraceParent {
  readonly version: string;
  readonly traceId: string;
  readonly parentId: string;
  readonly flags: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** Parses a W3C traceparent (`00-<trace-id>-<parent-id>-<flags>`), or undefined when malformed. */
export function parseTraceparent(value: string | undefined): TraceParent | undefined {
  const match = TRACEPARENT.exec(value?.trim().toLowerCase() ?? '');
  if (!match || match[1] === 'ff') return undefined;
  const [, version = '', traceId = '', parentId = '', flags = ''] = match;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return { version, traceId, parentId, flags };
}
