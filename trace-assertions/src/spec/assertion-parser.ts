import { TraceAssertionError } from '../errors.ts';
import type { Literal } from '../types.ts';
import type { AssertionOperator, AssertionTarget, SpanAssertion } from './types.ts';

type Field = Extract<AssertionTarget, { kind: 'field' }>['field'];

// The same aliases the selector language uses, so `attr:tracetest.span.duration` means what Tracetest means.
const FIELDS: Readonly<Record<string, Field>> = {
  name: 'name',
  'tracetest.span.name': 'name',
  'service.name': 'service',
  kind: 'kind',
  'tracetest.span.kind': 'kind',
  status: 'status',
  'status.code': 'status',
  'tracetest.span.status': 'status',
  'status.message': 'statusMessage',
  duration: 'duration',
  'tracetest.span.duration': 'duration',
  type: 'type',
  'tracetest.span.type': 'type',
  trace_id: 'traceId',
  span_id: 'spanId',
  parent_id: 'parentId',
};
const OPERATORS: readonly AssertionOperator[] = [
  '=',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  'contains',
  'not-contains',
  'matches',
  'exists',
  'not-exists',
];
const ENUMS: Readonly<Partial<Record<Field, readonly string[]>>> = {
  kind: ['internal', 'server', 'client', 'producer', 'consumer'],
  status: ['unset', 'ok', 'error'],
};
const UNITS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const FIELD_LIST = Object.keys(FIELDS)
  .filter((name) => !name.startsWith('tracetest.') && name !== 'status.code')
  .join(', ');

function fail(source: string, problem: string): never {
  throw new TraceAssertionError('SPEC_INVALID', `invalid assertion ${JSON.stringify(source)}: ${problem}`, {
    details: { assertion: source, problem },
  });
}

function parseTarget(source: string, text: string): AssertionTarget {
  if (text.startsWith('attr:')) {
    const key = text.slice('attr:'.length);
    if (key === '') fail(source, 'attr: needs an attribute name, e.g. attr:http.response.status_code');
    const field = FIELDS[key];
    return field === undefined ? { kind: 'attribute', key } : { kind: 'field', field };
  }
  const field = FIELDS[text];
  if (field === undefined)
    fail(source, `unknown field "${text}" (use attr:${text} for an attribute, or one of ${FIELD_LIST})`);
  return { kind: 'field', field };
}

function unquote(source: string, text: string): string | undefined {
  const quote = text[0];
  if (quote !== '"' && quote !== "'") return undefined;
  if (text.length < 2 || text.at(-1) !== quote) fail(source, `unterminated string ${text}`);
  return text.slice(1, -1).replace(/\\(["'\\])/g, '$1');
}

function parseValue(source: string, target: AssertionTarget, text: string): Literal {
  const quoted = unquote(source, text);
  if (quoted !== undefined) return quoted;
  if (/\s/.test(text)) fail(source, `quote a value that contains spaces: "${text}"`);
  const duration = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/.exec(text);
  if (duration && target.kind === 'field' && target.field === 'duration') {
    return Number(duration[1]) * (UNITS[duration[2] as string] ?? 1);
  }
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function checkOperand(source: string, target: AssertionTarget, operator: AssertionOperator, value: Literal): Literal {
  const allowed = target.kind === 'field' ? ENUMS[target.field] : undefined;
  if (allowed !== undefined) {
    if (operator !== '=' && operator !== '!=')
      fail(source, `${target.kind === 'field' && target.field} supports only = and !=`);
    const normalized = String(value)
      .toLowerCase()
      .replace(/^span_kind_|^status_code_/, '');
    if (!allowed.includes(normalized)) fail(source, `expected one of ${allowed.join(', ')} but found "${value}"`);
    return normalized;
  }
  if (['<', '>', '<=', '>='].includes(operator) && typeof value !== 'number') {
    fail(
      source,
      `${operator} needs a number${target.kind === 'field' && target.field === 'duration' ? ' or a duration like 500ms' : ''}, found ${JSON.stringify(value)}`,
    );
  }
  if (operator === 'matches') {
    try {
      new RegExp(String(value));
    } catch (error) {
      fail(source, `invalid regular expression: ${(error as Error).message}`);
    }
  }
  return value;
}

/**
 * Parses one assertion of a trace spec: `<attr:key | field> <operator> [value]`; throws SPEC_INVALID.
 * @example parseAssertion('attr:http.response.status_code = 201')
 */
export function parseAssertion(source: string): SpanAssertion {
  const match = /^\s*(\S+)\s+(\S+)(?:\s+(.*?))?\s*$/.exec(source);
  if (!match)
    fail(source, 'expected "<attr:name | field> <operator> [value]", e.g. attr:http.response.status_code = 201');
  const target = parseTarget(source, match[1] as string);
  const operator = match[2] as AssertionOperator;
  if (!OPERATORS.includes(operator)) fail(source, `unknown operator "${match[2]}" (use ${OPERATORS.join(', ')})`);
  const rawValue = match[3];
  if (operator === 'exists' || operator === 'not-exists') {
    if (rawValue !== undefined) fail(source, `${operator} takes no value, found ${rawValue}`);
    return { source, target, operator };
  }
  if (rawValue === undefined) fail(source, `${operator} needs a value`);
  const value = checkOperand(source, target, operator, parseValue(source, target, rawValue));
  return { source, target, operator, value };
}
