import { describe, expect, it } from 'vitest';
import { HarnessError } from '../errors.ts';
import { interpolate } from './interpolate.ts';
import { findConfig, loadConfig } from './load.ts';
import { validateConfig } from './validate.ts';

const minimal = { system: 's', services: [{ name: 'a', baseUrl: 'http://127.0.0.1:1' }] };

function errorOf(raw: unknown): HarnessError {
  try {
    validateConfig(raw, 'cfg.yaml');
  } catch (error) {
    if (error instanceof HarnessError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('validateConfig', () => {
  it('accepts the reference service config', async () => {
    const root = new URL('../../../', import.meta.url).pathname;
    const loaded = await loadConfig(findConfig({ cwd: root }));
    expect(loaded.config.services.map((s) => s.name)).toEqual(['order-service', 'payment-service']);
  });

  it.each([
    [{ ...minimal, servics: [] }, 'servics: unknown key'],
    [{ system: '' }, 'system: must NOT have fewer than 1 characters'],
    [{ ...minimal, services: [{ name: 'a' }] }, 'services[0]: give exactly one of "start" or "baseUrl"'],
    [
      { ...minimal, services: [{ name: 'a', start: { command: 'npm start' } }] },
      'services[0].start.command: must be array',
    ],
    [{ ...minimal, traces: { backend: 'zipkin' } }, 'traces.backend: must be one of receiver, jaeger, tempo'],
    [{ ...minimal, gates: { schemathesis: { maxExamples: 0 } } }, 'gates.schemathesis.maxExamples: must be >= 1'],
    [
      {
        ...minimal,
        scenarios: [{ name: 'x', request: { service: 'b', method: 'GET', path: '/' }, chain: [{ kind: 'log' }] }],
      },
      'scenarios[0].request.service: no service named "b"',
    ],
    [
      {
        ...minimal,
        effects: {
          consumed: [
            {
              topic: 't',
              service: 'a',
              eventId: 'headers.ce_id',
              deadLetter: { topic: 'd' },
              stateProbes: [{ service: 'b', path: '/x' }],
            },
          ],
        },
      },
      'effects.consumed[0].stateProbes[0].service: no service named "b"',
    ],
    [
      {
        ...minimal,
        effects: {
          consumed: [
            {
              topic: 't',
              service: 'a',
              eventId: 'headers.ce_id',
              deadLetter: { topic: 'd' },
              stateProbes: [{ service: 'a', path: 'x' }],
            },
          ],
        },
      },
      'effects.consumed[0].stateProbes[0].path: must match pattern "^/"',
    ],
  ])('names the bad key: %j', (raw, line) => {
    const error = errorOf(raw);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(line);
  });

  it('reads a config without services as one with none, for the gates that need no running service', () => {
    expect(validateConfig({ system: 's' }, 'cfg.yaml').services).toEqual([]);
    expect(validateConfig({ system: 's', services: [] }, 'cfg.yaml').services).toEqual([]);
    expect(errorOf({ system: 's', pacts: { dir: 'p', provider: 'x', providerService: 'x' } }).message).toContain(
      'pacts.providerService: no service named "x"',
    );
  });

  it('reports a missing config with the way out', () => {
    expect(() => findConfig({ cwd: '/' })).toThrow(/run "tracegate init"/);
  });
});

describe('interpolate', () => {
  it('replaces known placeholders and env references', () => {
    process.env.TG_TEST_VALUE = 'from-env';
    expect(interpolate('${kafka.brokers}|${env.TG_TEST_VALUE}', { 'kafka.brokers': 'h:1' }, 'x')).toBe('h:1|from-env');
  });

  it('rejects an unknown placeholder, listing the known ones', () => {
    expect(() => interpolate('${kafka.broker}', { 'kafka.brokers': 'h:1' }, 'services[0].start.env.KAFKA')).toThrow(
      'services[0].start.env.KAFKA: unknown placeholder ${kafka.broker} (known: kafka.brokers, env.*)',
    );
  });
});
