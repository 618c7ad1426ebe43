/** One mismatch as the Pact verifier reports it (the fields depend on `type`). */
export interface RawMismatch {
  readonly type?: string;
  readonly mismatch?: string;
  readonly path?: string;
  readonly key?: string;
  readonly parameter?: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
}

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** A header or metadata key the provider left out: the verifier says so in words, gives `actual: ""` and JSON-encodes `expected`. */
const leftOut = (m: RawMismatch): boolean => m.actual === '' && /but was missing$/.test(m.mismatch ?? '');

function decoded(value: unknown): unknown {
  if (typeof value !== 'string' || !/^".*"$/s.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** "expected X but was Y", Pact's own wording, when both sides are known. */
function expectedActual(m: RawMismatch, quote = ''): string | undefined {
  if (m.expected === undefined && m.actual === undefined) return undefined;
  const side = (value: unknown) => (value === undefined ? 'missing' : `${quote}${show(value)}${quote}`);
  if (leftOut(m)) return `expected ${side(decoded(m.expected))} but was missing`;
  return `expected ${side(m.expected)} but was ${side(m.actual)}`;
}

/**
 * One line per mismatch, in the words of Pact's own console output: where (status, `header 'x'`, `body $.a.b`,
 * `metadata 'topic'`, …), then what was expected and what the provider gave.
 * @example mismatchText({ type: 'StatusMismatch', expected: 200, actual: 404 }) // "status: expected 200 but was 404"
 */
export function mismatchText(m: RawMismatch): string {
  switch (m.type) {
    case 'StatusMismatch':
      return `status: ${expectedActual(m) ?? m.mismatch}`;
    case 'MethodMismatch':
      return `method: ${expectedActual(m) ?? m.mismatch}`;
    case 'PathMismatch':
      return `path: ${expectedActual(m, "'") ?? m.mismatch}`;
    case 'HeaderMismatch':
      return `header '${m.key}': ${expectedActual(m, "'") ?? m.mismatch}`;
    case 'QueryMismatch':
      return `query parameter '${m.parameter}': ${expectedActual(m, "'") ?? m.mismatch}`;
    case 'MetadataMismatch':
      return `metadata '${m.key}': ${expectedActual(m) ?? m.mismatch}`;
    case 'BodyTypeMismatch':
      return `body content type: ${expectedActual(m, "'") ?? m.mismatch}`;
    case 'BodyMismatch':
      return `body ${m.path ?? '$'}: ${m.mismatch ?? expectedActual(m)}`;
    default:
      return [m.type, m.path ?? m.key, m.mismatch ?? expectedActual(m)].filter(Boolean).join(': ');
  }
}
