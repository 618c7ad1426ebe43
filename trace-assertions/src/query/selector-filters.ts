import { SelectorSyntaxError } from '../errors.ts';
import type { Literal, SpanKind, SpanQuery, SpanStatusCode, ValueCondition, ValueMatcher } from '../types.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Condition = Mutable<ValueCondition>;

const OPERATORS: Record<string, keyof ValueCondition> = {
  '=': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '>': 'gt',
  '<=': 'lte',
  '>=': 'gte',
  contains: 'contains',
  'not-contains': 'notContains',
};
const KINDS: readonly SpanKind[] = ['internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly SpanStatusCode[] = ['unset', 'ok', 'error'];
const FIELD_OF: Record<string, string> = {
  name: 'name',
  'tracetest.span.name': 'name',
  'service.name': 'service',
  'tracetest.span.type': 'type',
  'tracetest.span.duration': 'durationMs',
  duration: 'durationMs',
  kind: 'kind',
  'tracetest.span.kind': 'kind',
  status: 'status',
  'status.code': 'status',
  'tracetest.span.status': 'status',
  trace_id: 'traceId',
  span_id: 'spanId',
};

/** Collects the filters of one `span[...]` step and turns them into a SpanQuery. */
export class FilterSet {
  readonly #selector: string;
  readonly #conditions = new Map<string, Condition>();
  readonly #query: Mutable<SpanQuery> = {};

  constructor(selector: string) {
    this.#selector = selector;
  }

  /** Adds `property op value`; `column` locates errors. */
  add(property: string, operator: string, value: Literal, column: number): void {
    const conditionKey = OPERATORS[operator];
    if (conditionKey === undefined)
      throw new SelectorSyntaxError(this.#selector, column, `unknown operator "${operator}"`);
    const field = FIELD_OF[property] ?? `attributes.${property}`;
    if (field === 'kind' || field === 'status') {
      this.#addEnum(field, operator, String(value), column);
      return;
    }
    if (field === 'traceId' || field === 'spanId') {
      if (operator !== '=') throw new SelectorSyntaxError(this.#selector, column, `${property} supports only "="`);
      this.#query[field] = String(value).toLowerCase();
      return;
    }
    if (field === 'durationMs' && typeof value === 'string') value = parseDuration(value, this.#selector, column);
    const condition = this.#conditions.get(field) ?? {};
    (condition as Record<string, Literal>)[conditionKey] = value;
    this.#conditions.set(field, condition);
  }

  #addEnum(field: 'kind' | 'status', operator: string, raw: string, column: number): void {
    const allowed: readonly string[] = field === 'kind' ? KINDS : STATUSES;
    const value = raw.toLowerCase().replace(/^span_kind_|^status_code_/, '');
    if (!allowed.includes(value)) {
      throw new SelectorSyntaxError(this.#selector, column, `${field} must be one of ${allowed.join(', ')}`);
    }
    if (operator !== '=' && operator !== '!=') {
      throw new SelectorSyntaxError(this.#selector, column, `${field} supports only "=" and "!="`);
    }
    const current: readonly string[] = (this.#query[field] as readonly string[] | undefined) ?? allowed;
    const next = current.filter((item) => (operator === '=' ? item === value : item !== value));
    (this.#query as Record<string, unknown>)[field] = next.length === 1 ? next[0] : next;
  }

  /** The SpanQuery for the collected filters. */
  toQuery(): Mutable<SpanQuery> {
    const query = this.#query;
    for (const [field, condition] of this.#conditions) {
      const keys = Object.keys(condition);
      const matcher: ValueMatcher = keys.length === 1 && keys[0] === 'eq' ? (condition.eq as Literal) : condition;
      if (field.startsWith('attributes.')) {
        query.attributes = { ...query.attributes, [field.slice('attributes.'.length)]: matcher };
      } else {
        (query as Record<string, unknown>)[field] = matcher;
      }
    }
    return query;
  }
}

function parseDuration(text: string, selector: string, column: number): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new SelectorSyntaxError(selector, column, `invalid duration "${text}"`);
  const factor: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return Number(match[1]) * (factor[match[2] ?? 'ms'] ?? 1);
}
