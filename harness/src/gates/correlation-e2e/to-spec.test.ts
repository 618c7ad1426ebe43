import { fileURLToPath } from 'node:url';
import type { Hop } from '@tracegate/trace-assertions';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.ts';
import type { HopConfig, ScenarioConfig } from '../../config/types.ts';
import { scenarioToSpec, toHop } from './to-spec.ts';

const repo = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

describe('toHop: the config spelling of a hop as the chain vocabulary', () => {
  it.each<[string, HopConfig, Hop]>([
    [
      'http-server with route and method',
      { kind: 'http-server', service: 'orders', route: '/orders/:id', method: 'POST' },
      { kind: 'http-server', service: 'orders', route: '/orders/:id', method: 'POST' },
    ],
    [
      'kafka-publish',
      { kind: 'kafka-publish', service: 'orders', topic: 'order.created' },
      { kind: 'kafka-publish', service: 'orders', topic: 'order.created' },
    ],
    [
      'kafka-consume',
      { kind: 'kafka-consume', service: 'payments', topic: 'order.created' },
      { kind: 'kafka-consume', service: 'payments', topic: 'order.created' },
    ],
    [
      'a log line by text',
      { kind: 'log', service: 'payments', message: 'paid' },
      { kind: 'log', service: 'payments', message: 'paid' },
    ],
    [
      'a log line by /regex/',
      { kind: 'log', service: 'payments', message: '/pay(ment)? (authorized|declined)/i' },
      { kind: 'log', service: 'payments', message: /pay(ment)? (authorized|declined)/i },
    ],
    [
      'a span by selector',
      { kind: 'span', selector: 'span[name="orders.save"]' },
      { kind: 'span', query: 'span[name="orders.save"]' },
    ],
    [
      'a span by service and /regex/ name',
      { kind: 'span', service: 'orders', name: '/^orders\\./' },
      { kind: 'span', query: { service: 'orders', name: /^orders\./ } },
    ],
  ])('%s', (_, config, hop) => {
    expect(toHop(config)).toEqual(hop);
  });
});

describe('scenarioToSpec', () => {
  const scenario: ScenarioConfig = {
    name: 'cancelled',
    request: { service: 'orders', method: 'POST', path: '/orders', body: { sku: 'A' }, expectStatus: 201 },
    // biome-ignore lint/suspicious/noThenProperty: `then` is the config's own key for follow-up requests
    then: [
      { service: 'orders', method: 'GET', path: '/orders/${response.id}', until: { field: 'status', equals: 'OK' } },
      {
        service: 'orders',
        method: 'POST',
        path: '/orders/${response.id}/cancel',
        chain: [{ kind: 'http-server', service: 'orders', route: '/orders/:id/cancel' }],
      },
    ],
    chain: [{ kind: 'http-server', service: 'orders' }],
  };

  it('makes the request the trigger and each then entry a follow-up; no status means any status below 400', () => {
    const spec = scenarioToSpec(scenario);
    expect(spec).toMatchObject({ name: 'cancelled', timeoutMs: 60_000, specs: [] });
    expect(spec.trigger.http).toEqual({
      method: 'POST',
      url: '/orders',
      headers: { accept: 'application/json' },
      service: 'orders',
      body: { sku: 'A' },
      expectStatus: 201,
    });
    expect(spec.followUps?.map((f) => [f.http.url, f.http.expectStatus, f.http.until, f.chain?.length])).toEqual([
      ['/orders/${response.id}', 'success', { field: 'status', equals: 'OK' }, undefined],
      ['/orders/${response.id}/cancel', 'success', undefined, 1],
    ]);
  });

  it.each([
    'tracegate.config.yaml',
    'fixtures/inventory-service/tracegate.config.yaml',
    'fixtures/shipping-service/tracegate.config.yaml',
  ])('compiles every scenario of %s, keeping every hop in order', async (file) => {
    const { config } = await loadConfig(repo(file));
    expect(config.scenarios?.length).toBeGreaterThan(0);
    for (const s of config.scenarios ?? []) {
      const spec = scenarioToSpec(s);
      const hops = [spec.chain ?? [], ...(spec.followUps ?? []).map((f) => f.chain ?? [])].flat();
      const declared = [s.chain, ...(s.then ?? []).map((t) => t.chain ?? [])].flat();
      expect(hops.map((h) => h.kind)).toEqual(declared.map((h) => h.kind));
      expect(hops.every((h) => h.kind === 'span' || h.service !== '')).toBe(true);
    }
  });
});
