import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTraceAssertionError, type TraceAssertionError } from '../errors.ts';
import { fixtureText } from '../test-support/fixtures.ts';
import { loadTraceSpec, loadTraceSpecFile } from './load-trace-spec.ts';

// Inline, not a fixture: the repository's linter parses every .yaml file.
const NOT_YAML = 'name: broken yaml\ntrigger: { http: { url: /orders }\nspecs: []\n';
const minimal = {
  name: 'minimal',
  trigger: { http: { url: '/orders' } },
  specs: [{ selector: 'span[kind="server"]' }],
};

function specError(input: string | object, source?: string): TraceAssertionError {
  try {
    loadTraceSpec(input, source === undefined ? {} : { source });
  } catch (error) {
    if (isTraceAssertionError(error, 'SPEC_INVALID')) return error;
    throw error;
  }
  throw new Error('the spec loaded');
}

describe('loadTraceSpec', () => {
  it('loads the create-order fixture with defaults, parsed selectors, counts, assertions and hops', () => {
    const spec = loadTraceSpec(fixtureText('specs/create-order.yaml'), { source: 'create-order.yaml' });
    expect(spec).toMatchObject({
      name: 'order is created and published',
      source: 'create-order.yaml',
      timeoutMs: 10_000,
      settleMs: 100,
      trigger: {
        http: {
          method: 'POST',
          url: '/orders',
          headers: { accept: 'application/json' },
          body: { orderId: 'o-${correlationId}' },
          expectStatus: 201,
        },
      },
    });
    expect(spec.specs.map((s) => s.count)).toEqual([{ exactly: 1 }, { atLeast: 1 }, { exactly: 1 }, 'none']);
    expect(spec.specs[0]?.query).toEqual({ service: 'order-service', kind: 'server' });
    expect(spec.specs[0]?.assertions.map((a) => [a.operator, a.value])).toEqual([
      ['=', 201],
      ['exists', undefined],
      ['<', 5000],
      ['contains', 'POST'],
    ]);
    expect(spec.specs[2]?.label).toBe('payment-service consumes the event');
    expect(spec.chain?.map((hop) => hop.kind)).toEqual(['http-server', 'kafka-publish', 'kafka-consume', 'log']);
  });

  it('reads a file and names it in errors', async () => {
    const path = fileURLToPath(new URL('../../../fixtures/specs/invalid/bad-hop.yaml', import.meta.url));
    const error = await loadTraceSpecFile(path).catch((e: unknown) => e);
    expect(isTraceAssertionError(error, 'SPEC_INVALID') && error.details.source).toBe(path);
    const good = await loadTraceSpecFile(path.replace('invalid/bad-hop.yaml', 'create-order.yaml'));
    expect(good.source).toMatch(/fixtures\/specs\/create-order\.yaml$/);
  });

  it('accepts an object and fills the defaults', () => {
    const spec = loadTraceSpec(minimal);
    expect(spec).toMatchObject({ timeoutMs: 10_000, settleMs: 200, trigger: { http: { method: 'GET', headers: {} } } });
    expect(spec.specs[0]).toMatchObject({ count: 'some', assertions: [] });
    expect(spec.chain).toBeUndefined();
  });

  it('reads follow-up requests with their until, service, status and chain', () => {
    const spec = loadTraceSpec({
      ...minimal,
      followUps: [
        {
          http: {
            service: 'order-service',
            url: '/orders/${response.id}',
            expectStatus: 'success',
            until: { field: 'status', equals: 'CONFIRMED', timeoutMs: 5000 },
          },
          chain: [{ kind: 'http-server', service: 'order-service', route: '/orders/:id' }],
        },
        { http: { method: 'post', url: '/orders/${response.id}/cancel' } },
      ],
    });
    expect(spec.followUps).toEqual([
      {
        http: {
          method: 'GET',
          url: '/orders/${response.id}',
          headers: {},
          expectStatus: 'success',
          service: 'order-service',
          until: { field: 'status', equals: 'CONFIRMED', timeoutMs: 5000 },
        },
        chain: [{ kind: 'http-server', service: 'order-service', route: '/orders/:id' }],
      },
      { http: { method: 'POST', url: '/orders/${response.id}/cancel', headers: {} } },
    ]);
  });

  it.each([
    ['an empty followUps', { ...minimal, followUps: [] }, 'followUps', 'must not be empty'],
    ['a follow-up without http', { ...minimal, followUps: [{}] }, 'followUps[0].http', 'is required'],
    [
      'an until without equals',
      { ...minimal, followUps: [{ http: { url: '/', until: { field: 'status' } } }] },
      'followUps[0].http.until.equals',
      'is required',
    ],
    [
      'an until comparing to a mapping',
      { ...minimal, followUps: [{ http: { url: '/', until: { field: 'status', equals: {} } } }] },
      'followUps[0].http.until.equals',
      'expected a string, number or boolean',
    ],
    [
      'a bad follow-up hop',
      { ...minimal, followUps: [{ http: { url: '/' }, chain: [{ kind: 'teleport' }] }] },
      'followUps[0].chain[0].kind',
      'expected one of',
    ],
  ])('rejects %s at %s', (_, input, path, problem) => {
    const error = specError(input);
    expect(error.details).toMatchObject({ path });
    expect(error.message).toContain(problem);
  });

  it.each([
    ['unknown-key', 'specs[0].asert'],
    ['bad-assertion', 'specs[1].assert[1]'],
    ['bad-selector', 'specs[0].selector'],
    ['bad-hop', 'chain[1].topic'],
  ])('fixtures/specs/invalid/%s.yaml fails at %s', (file, path) => {
    const source = `invalid/${file}.yaml`;
    const error = specError(fixtureText(`specs/${source}`), source);
    expect(error.details).toMatchObject({ path, source });
    expect(error.message).toContain(`invalid trace spec (${source}): ${path}: `);
  });

  it.each([
    ['a list at the top', [], '', 'expected a mapping, found a list'],
    ['no name', { ...minimal, name: undefined }, 'name', 'is required'],
    ['an empty name', { ...minimal, name: ' ' }, 'name', 'expected a non-empty string'],
    ['no trigger.http', { ...minimal, trigger: {} }, 'trigger.http', 'is required'],
    ['another trigger', { ...minimal, trigger: { grpc: {} } }, 'trigger.grpc', 'unknown key'],
    ['no url', { ...minimal, trigger: { http: { method: 'GET' } } }, 'trigger.http.url', 'is required'],
    [
      'a bad method',
      { ...minimal, trigger: { http: { url: '/', method: 'P OST' } } },
      'trigger.http.method',
      'invalid',
    ],
    [
      'a bad status',
      { ...minimal, trigger: { http: { url: '/', expectStatus: 2001 } } },
      'trigger.http.expectStatus',
      '100 and 599',
    ],
    [
      'a header object',
      { ...minimal, trigger: { http: { url: '/', headers: { a: {} } } } },
      'trigger.http.headers.a',
      'string',
    ],
    ['a zero timeout', { ...minimal, timeoutMs: 0 }, 'timeoutMs', 'expected an integer >= 1'],
    ['no specs', { ...minimal, specs: [] }, 'specs', 'must not be empty'],
    ['a spec without selector', { ...minimal, specs: [{ count: 1 }] }, 'specs[0].selector', 'is required'],
    ['a negative count', { ...minimal, specs: [{ selector: 'span', count: -1 }] }, 'specs[0].count', '>= 0'],
    [
      'a two-key count',
      { ...minimal, specs: [{ selector: 'span', count: { atLeast: 1, atMost: 2 } }] },
      'specs[0].count',
      'found 2 keys',
    ],
    [
      'none: false',
      { ...minimal, specs: [{ selector: 'span', count: { none: false } }] },
      'specs[0].count.none',
      'expected true',
    ],
    [
      'assert not a list',
      { ...minimal, specs: [{ selector: 'span', assert: 'name exists' }] },
      'specs[0].assert',
      'expected a list',
    ],
    [
      'a number assertion',
      { ...minimal, specs: [{ selector: 'span', assert: [42] }] },
      'specs[0].assert[0]',
      'non-empty string',
    ],
    ['an empty chain', { ...minimal, chain: [] }, 'chain', 'must not be empty'],
    ['an unknown hop', { ...minimal, chain: [{ kind: 'grpc' }] }, 'chain[0].kind', 'expected one of http-server'],
    [
      'a hop key of another kind',
      { ...minimal, chain: [{ kind: 'log', service: 's', topic: 't' }] },
      'chain[0].topic',
      'unknown key',
    ],
    ['a bad span hop', { ...minimal, chain: [{ kind: 'span', query: 'spam' }] }, 'chain[0].query', 'expected "span"'],
  ])('rejects %s at %s', (_, input, path, fragment) => {
    const error = specError(input);
    expect(error.details.path).toBe(path);
    expect(error.message).toContain(fragment);
  });

  it('pins the messages a spec author sees', () => {
    expect(specError(fixtureText('specs/invalid/unknown-key.yaml'), 'unknown-key.yaml').message).toMatchInlineSnapshot(
      `"invalid trace spec (unknown-key.yaml): specs[0].asert: unknown key (expected one of selector, count, assert, label)"`,
    );
    expect(specError(fixtureText('specs/invalid/bad-assertion.yaml')).message).toMatchInlineSnapshot(
      `"invalid trace spec: specs[1].assert[1]: invalid assertion "attr:messaging.destination.name == orders.created": unknown operator "==" (use =, !=, <, >, <=, >=, contains, not-contains, matches, exists, not-exists)"`,
    );
    expect(specError(fixtureText('specs/invalid/bad-selector.yaml')).message).toMatchInlineSnapshot(`
      "invalid trace spec: specs[0].selector: expected "]" but found the end of the selector at column 19
        span[kind="server"
                          ^"
    `);
    expect(specError(NOT_YAML).message).toMatchInlineSnapshot(
      `"invalid trace spec: (yaml): Flow map in block collection must be sufficiently indented and end with a } at line 3, column 1"`,
    );
  });

  it('reports YAML syntax errors with the line', () => {
    expect(specError(NOT_YAML, 'inline.yaml').details).toMatchObject({ path: '(yaml)', source: 'inline.yaml' });
  });

  it('keeps the underlying error as cause', () => {
    const error = specError(fixtureText('specs/invalid/bad-selector.yaml'));
    expect(isTraceAssertionError(error.cause, 'SELECTOR_SYNTAX')).toBe(true);
  });
});
