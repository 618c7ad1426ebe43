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

// Plain conditions, no per-call allocation: this runs once per span in a scan.
function matchCondition(condition: ValueCondition, actual: AttributeValue | undefined): boolean {
  if (condition.exists !== undefined && condition.exists !== (actual !== undefined)) return false;
  if (actual === undefined) return condition.exists === false;
  const { eq, ne, gt, gte, lt, lte, contains, notContains, regex, oneOf } = condition;
  if (eq !== undefined && !looseEqual(actual, eq)) return false;
  if (ne !== undefined && looseEqual(actual, ne)) return false;
  if (gt !== undefined && !compare(actual, (v) => v > gt)) return false;
  if (gte !== undefined && !compare(actual, (v) => v >= gte)) return false;
  if (lt !== undefined && !compare(actual, (v) => v < lt)) return false;
  if (lte !== undefined && !compare(actual, (v) => v <= lte)) return false;
  if (contains !== undefined && !containsValue(actual, contains)) return false;
  if (notContains !== undefined && containsValue(actual, notContains)) return false;
  if (regex !== undefined && !new RegExp(regex).test(text(actual))) return false;
  return oneOf === undefined || oneOf.some((option) => looseEqual(actual, option));
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
