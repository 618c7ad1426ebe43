import { describe, expect, it } from 'vitest';
import { isTraceAssertionError, type SelectorSyntaxError } from '../errors.ts';
import { parseSelector } from './selector-parser.ts';

describe('parseSelector', () => {
  it.each([
    ['span[service.name="a" kind="server"]', { service: 'a', kind: 'server' }],
    ['span[name=\'x\', http.route="/orders"]', { name: 'x', attributes: { 'http.route': '/orders' } }],
    ['span[a.b >= 1.5 a.b <= 3]', { attributes: { 'a.b': { gte: 1.5, lte: 3 } } }],
    ['span[flag=true]', { attributes: { flag: true } }],
    ['span[x not-contains "y"]', { attributes: { x: { notContains: 'y' } } }],
    ['span[kind="SPAN_KIND_CONSUMER"]', { kind: 'consumer' }],
    ['span[trace_id="ABC"]', { traceId: 'abc' }],
    ['span[kind="server"] span[kind="client"]', { kind: 'client', ancestor: { kind: 'server' } }],
    ['span[kind="server"]>span[kind="client"]', { kind: 'client', parent: { kind: 'server' } }],
    ['span', {}],
  ])('parses %s', (selector, expected) => {
    expect(parseSelector(selector)).toEqual(expected);
  });

  it('turns the descendant combinator into ancestorOrLinked with followLinks', () => {
    expect(parseSelector('span[kind="producer"] span[kind="consumer"]', { followLinks: true })).toEqual({
      kind: 'consumer',
      ancestorOrLinked: { kind: 'producer' },
    });
  });

  it.each([
    ['span[name="x"', 'expected "]" but found the end of the selector at column 14'],
    [
      'span[name "x"]',
      'expected an operator (=, !=, <, >, <=, >=, contains, not-contains) but found "\\"x\\"" at column 11',
    ],
    ['span[kind="sideways"]', 'kind must be one of internal, server, client, producer, consumer at column 11'],
    ['span[name="x"]:second', 'unknown pseudo-class "second" (use :first, :last or :nth_child(n)) at column 16'],
    ['span[name="x"]:nth_child(0)', 'nth_child needs a positive integer at column 26'],
    ['spam[name="x"]', 'expected "span" but found "spam" at column 1'],
    ['span[name="x]', 'unterminated string at column 11'],
    ['span[name="x"] @', 'unexpected character "@" at column 16'],
  ])('rejects %s with SELECTOR_SYNTAX at the right column', (selector, problem) => {
    const error = (() => {
      try {
        parseSelector(selector);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isTraceAssertionError(error, 'SELECTOR_SYNTAX')).toBe(true);
    expect((error as SelectorSyntaxError).message.split('\n')[0]).toBe(problem);
  });

  it('points at the column under the selector', () => {
    expect(() => parseSelector('span[kind="server"] > span[name ~ "x"]')).toThrowErrorMatchingInlineSnapshot(`
      [SelectorSyntaxError: unexpected character "~" at column 33
        span[kind="server"] > span[name ~ "x"]
                                        ^]
    `);
  });
});
