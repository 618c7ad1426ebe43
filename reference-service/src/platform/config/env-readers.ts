import { ServiceError } from '../errors.ts';

/** The process environment, or a test's stand-in. */
export type Env = Readonly<Record<string, string | undefined>>;

function invalid(name: string, problem: string): ServiceError {
  return new ServiceError('CONFIG_INVALID', `invalid environment variable ${name}: ${problem}`);
}

/** A trimmed, non-empty value, or undefined when unset or blank. */
export function optionalString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A required, non-empty value. */
export function requiredString(env: Env, name: string): string {
  const value = optionalString(env, name);
  if (value === undefined) throw new ServiceError('CONFIG_INVALID', `missing environment variable ${name}`);
  return value;
}

/** An integer within bounds, or the default when unset. */
export function integer(env: Env, name: string, options: { default: number; min: number; max: number }): number {
  const raw = optionalString(env, name);
  if (raw === undefined) return options.default;
  if (!/^-?\d+$/.test(raw)) throw invalid(name, `"${raw}" is not an integer`);
  const value = Number(raw);
  if (value < options.min || value > options.max) {
    throw invalid(name, `${value} is outside ${options.min}..${options.max}`);
  }
  return value;
}

/** One of a fixed set of values, or the default when unset. */
export function oneOf<T extends string>(env: Env, name: string, options: { values: readonly T[]; default: T }): T {
  const raw = optionalString(env, name);
  if (raw === undefined) return options.default;
  const found = options.values.find((value) => value === raw.toLowerCase());
  if (found === undefined) throw invalid(name, `"${raw}" is not one of ${options.values.join(', ')}`);
  return found;
}

/** `true`/`false` (also 1/0, yes/no), or the default when unset. */
export function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optionalString(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw invalid(name, `"${raw}" is not a boolean (true/false)`);
}

/** A comma-separated list of non-empty items. */
export function list(env: Env, name: string, fallback?: readonly string[]): readonly string[] {
  const raw = optionalString(env, name);
  if (raw === undefined) {
    if (fallback) return fallback;
    throw new ServiceError('CONFIG_INVALID', `missing environment variable ${name}`);
  }
  const items = raw.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw invalid(name, `"${raw}" has an empty item`);
  return items;
}

/** An absolute http(s) URL, or undefined when unset. */
export function httpUrl(env: Env, name: string): string | undefined {
  const raw = optionalString(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(name, `"${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid(name, `"${raw}" must be http:// or https://`);
  return raw;
}

/** Throws the CONFIG_INVALID error for a variable. */
export function invalidVariable(name: string, problem: string): never {
  throw invalid(name, problem);
}
