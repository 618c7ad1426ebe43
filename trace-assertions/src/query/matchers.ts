import type { AttributeValue, Literal, ValueCondition, ValueMatcher } from '../types.ts';

function isCondition(matcher: ValueMatcher): matcher is ValueCondition {
  return typeof matcher === 'object' && !(matcher instanceof RegExp);
}

function looseEqual(actual: AttributeValue | undefined, expected: Literal): boolean {
  if (actual === undefined || actual === null) return false;
  if (typeof actual === typeof expected) return actual === expected;
  return typeof actual !== 'object' && String(actual) === String(expected);
}

function text(actual: AttributeValue | undefined): string {
  return typeof actual === 'string' ? actual : (JSON.stringify(actual) ?? '');
}

function containsValue(actual: AttributeValue | undefined, needle: string): boolean {
  if (Array.isArray(actual)) return actual.some((item) => looseEqual(item, needle));
  return text(actual).includes(needle);
}

function compare(actual: AttributeValue | undefined, check: (value: number) => boolean): boolean {
  if (actual === undefined || actual === null || typeof actual === 'object' || actual === '') return false;
  const value = Number(actual);
  return !Number.isNaN(value) && check(value);
}

function matchCondition(condition: ValueCondition, actual: AttributeValue | undefined): boolean {
  if (condition.exists !== undefined && condition.exists !== (actual !== undefined)) return false;
  if (actual === undefined) return condition.exists === false;
  const checks: Array<[unknown, () => boolean]> = [
    [condition.eq, () => looseEqual(actual, condition.eq as Literal)],
    [condition.ne, () => !looseEqual(actual, condition.ne as Literal)],
    [condition.gt, () => compare(actual, (v) => v > (condition.gt as number))],
    [condition.gte, () => compare(actual, (v) => v >= (condition.gte as number))],
    [condition.lt, () => compare(actual, (v) => v < (condition.lt as number))],
    [condition.lte, () => compare(actual, (v) => v <= (condition.lte as number))],
    [condition.contains, () => containsValue(actual, condition.contains as string)],
    [condition.notContains, () => !containsValue(actual, condition.notContains as string)],
    [condition.regex, () => new RegExp(condition.regex as string).test(text(actual))],
    [condition.oneOf, () => (condition.oneOf ?? []).some((option) => looseEqual(actual, option))],
  ];
  return checks.every(([given, check]) => given === undefined || check());
}

/** True when `actual` satisfies `matcher` (literals compare loosely: 201 equals "201"). */
export function matchValue(matcher: ValueMatcher, actual: AttributeValue | undefined): boolean {
  if (typeof matcher === 'function') return matcher(actual);
  if (matcher instanceof RegExp) return actual !== undefined && matcher.test(text(actual));
  if (isCondition(matcher)) return matchCondition(matcher, actual);
  return looseEqual(actual, matcher);
}

const SYMBOLS: Record<string, string> = {
  eq: '=',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  contains: 'contains',
  notContains: 'not-contains',
  regex: 'matches',
  oneOf: 'in',
  exists: 'exists',
};

/** Describes a matcher as `= "x"`, `> 5`, `matches /re/` for messages. */
export function describeMatcher(matcher: ValueMatcher): string {
  if (typeof matcher === 'function') return `satisfies ${matcher.name || 'a predicate'}`;
  if (matcher instanceof RegExp) return `matches ${String(matcher)}`;
  if (!isCondition(matcher)) return `= ${JSON.stringify(matcher)}`;
  const parts = Object.entries(matcher)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${SYMBOLS[key] ?? key} ${key === 'regex' ? `/${String(value)}/` : JSON.stringify(value)}`);
  return parts.join(' and ');
}

/** Formats an actual value for messages. */
export function describeActual(actual: AttributeValue | undefined): string {
  return actual === undefined ? '(absent)' : JSON.stringify(actual);
}
