import { TraceAssertionError } from '../errors.ts';

/** Reads untrusted spec data field by field, failing with SPEC_INVALID that names the key path. */
export class SpecReader {
  readonly source: string | undefined;

  constructor(source: string | undefined) {
    this.source = source;
  }

  /** Throws SPEC_INVALID for `path`. */
  fail(path: string, problem: string, cause?: unknown): never {
    const where = this.source === undefined ? '' : ` (${this.source})`;
    throw new TraceAssertionError('SPEC_INVALID', `invalid trace spec${where}: ${path || '(root)'}: ${problem}`, {
      details: { path, problem, ...(this.source !== undefined ? { source: this.source } : {}) },
      ...(cause !== undefined ? { cause } : {}),
    });
  }

  /** An object with only `known` keys (and every `required` one). */
  object(value: unknown, path: string, known: readonly string[], required: readonly string[] = []) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `expected a mapping, found ${describe(value)}`);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!known.includes(key)) this.fail(join(path, key), `unknown key (expected one of ${known.join(', ')})`);
    }
    for (const key of required) {
      if (record[key] === undefined) this.fail(join(path, key), 'is required');
    }
    return record;
  }

  array(value: unknown, path: string, options: { nonEmpty?: boolean } = {}): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `expected a list, found ${describe(value)}`);
    if (options.nonEmpty && value.length === 0) this.fail(path, 'must not be empty');
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(path, `expected a non-empty string, found ${describe(value)}`);
    }
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.string(value, path);
  }

  integer(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
      this.fail(path, `expected an integer ${range}, found ${describe(value)}`);
    }
    return value;
  }
}

/** `a.b`, `a[0]` key paths. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
