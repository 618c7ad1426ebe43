import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  correlationIdForRequest,
  currentCorrelationId,
  isValidCorrelationId,
  resolveCorrelationId,
  withCorrelationId,
} from './correlation.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('resolveCorrelationId', () => {
  it.each(['abc', 'req-7f3a', 'a.b:c_d-e', 'x'.repeat(128), '0f8fad5b-d9cb-469f-a165-70867728950e'])(
    'keeps the well-formed %s',
    (value) => {
      expect(isValidCorrelationId(value)).toBe(true);
      expect(resolveCorrelationId(value)).toBe(value);
    },
  );

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['CRLF injection', 'abc\r\nSet-Cookie: x=1'],
    ['10 kB', 'a'.repeat(10_240)],
    ['129 chars', 'a'.repeat(129)],
    ['spaces (a repeated header joined by ", ")', 'a, b'],
    ['quotes', 'a"b'],
    ['unicode', 'ü'],
    ['an array', ['a', 'b']],
  ])('replaces %s with a generated UUID', (_label, value) => {
    const resolved = resolveCorrelationId(value);
    expect(resolved).toMatch(uuid);
    expect(resolved).not.toBe(value);
  });
});

describe('correlationIdForRequest', () => {
  it('decides once per request object', () => {
    const request = { headers: {} } as IncomingMessage;
    expect(correlationIdForRequest(request)).toBe(correlationIdForRequest(request));
    expect(correlationIdForRequest({ headers: {} } as IncomingMessage)).not.toBe(correlationIdForRequest(request));
  });
});

describe('withCorrelationId', () => {
  it('scopes the id to the callback, across awaits', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    const seen = await withCorrelationId('outer', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentCorrelationId();
    });
    expect(seen).toBe('outer');
    expect(currentCorrelationId()).toBeUndefined();
  });
});
