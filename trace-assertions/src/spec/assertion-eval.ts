import { attributeOf } from '../query/local-match.ts';
import { describeActual, matchValue } from '../query/matchers.ts';
import { spanType } from '../query/span-type.ts';
import type { AttributeValue, Span, ValueCondition } from '../types.ts';
import type { SpanAssertion } from './types.ts';

/** The value an assertion reads from a span (undefined when absent). */
export function assertionActual(span: Span, assertion: SpanAssertion): AttributeValue | undefined {
  const target = assertion.target;
  if (target.kind === 'attribute') return attributeOf(span, target.key);
  switch (target.field) {
    case 'name':
      return span.name;
    case 'service':
      return span.service;
    case 'kind':
      return span.kind;
    case 'status':
      return span.status.code;
    case 'statusMessage':
      return span.status.message;
    case 'duration':
      return span.durationMs;
    case 'type':
      return spanType(span);
    case 'traceId':
      return span.traceId;
    case 'spanId':
      return span.spanId;
    case 'parentId':
      return span.parentSpanId;
  }
}

function condition(assertion: SpanAssertion): ValueCondition {
  const value = assertion.value;
  switch (assertion.operator) {
    case 'exists':
      return { exists: true };
    case 'not-exists':
      return { exists: false };
    case '=':
      return { eq: value as string };
    case '!=':
      return { ne: value as string };
    case '<':
      return { lt: value as number };
    case '>':
      return { gt: value as number };
    case '<=':
      return { lte: value as number };
    case '>=':
      return { gte: value as number };
    case 'contains':
      return { contains: String(value) };
    case 'not-contains':
      return { notContains: String(value) };
    case 'matches':
      return { regex: String(value) };
  }
}

function isDuration(assertion: SpanAssertion): boolean {
  return assertion.target.kind === 'field' && assertion.target.field === 'duration';
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Describes what an assertion expects: `= 201`, `< 500ms`, `exists`. */
export function describeExpected(assertion: SpanAssertion): string {
  if (assertion.value === undefined) return assertion.operator;
  const value = isDuration(assertion) ? `${assertion.value}ms` : JSON.stringify(assertion.value);
  return `${assertion.operator} ${value}`;
}

/** Describes what a span holds for an assertion: `500`, `"POST /orders"`, `612.5ms`, `(absent)`. */
export function describeActualFor(assertion: SpanAssertion, actual: AttributeValue | undefined): string {
  if (isDuration(assertion) && typeof actual === 'number') return `${round(actual)}ms`;
  return describeActual(actual);
}

/** True when `span` satisfies `assertion`; `!=` and `not-contains` fail on an absent value, like Tracetest. */
export function assertionHolds(span: Span, assertion: SpanAssertion): boolean {
  return matchValue(condition(assertion), assertionActual(span, assertion));
}
