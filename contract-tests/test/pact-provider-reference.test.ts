import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderCatalog } from '@tracegate/harness';
import { gateContext, pactProviderGate, REPO_ROOT } from '@tracegate/harness/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeOutsidePact } from './outside-pact.ts';
import { type ReferenceProvider, startReferenceProvider } from './reference-provider.ts';

/** The pact settings of the root tracegate.config.yaml, with the pacts read from `dir`. */
const pactsConfig = (dir: string) => ({
  dir,
  providerService: 'order-service',
  stateHandlers: 'contract-tests/provider/state-handlers.ts',
  messageProviders: 'contract-tests/provider/message-providers.ts',
});

describe("pact-provider gate: another team's pact against the reference order service", () => {
  let provider: ReferenceProvider;
  beforeAll(async () => {
    provider = await startReferenceProvider(inject('kafkaBrokers'));
  });
  afterAll(async () => {
    await provider?.stop();
  });

  const run = (dir: string, options: { reportsDir?: string; kafkaBrokers?: string } = {}) =>
    pactProviderGate.run(gateContext({ config: { pacts: pactsConfig(dir) }, services: [provider], ...options }));

  it('verifies a hand-written pact, writing its JUnit where no reports directory exists yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    writeOutsidePact(dir);
    const reportsDir = join(mkdtempSync(join(tmpdir(), 'tracegate-clone-')), 'reports');
    const outcome = await run(dir, { reportsDir });
    expect(outcome.checks.map((c) => [c.name, c.status])).toEqual([
      ['mobile-app → order-service: a mobile request for an order', 'passed'],
      ['mobile-app → order-service: a mobile request for a missing order', 'passed'],
      ['mobile-app → order-service: an order.created event', 'passed'],
    ]);
    expect(existsSync(join(reportsDir, 'pact-provider-junit.xml'))).toBe(true);
    const [catalog] = (outcome.details?.providers ?? []) as ProviderCatalog[];
    expect(catalog?.states.find((s) => s.name === 'an order exists')).toMatchObject({
      params: { customerId: expect.any(String) },
      returns: { orderId: expect.any(String) },
    });
    expect(catalog?.messages).toContain('an order.created event');
  });

  it('verifies the pact shown on docs/verify-another-teams-pact.md', async () => {
    const page = readFileSync(join(REPO_ROOT, 'docs/verify-another-teams-pact.md'), 'utf8');
    const block = /```json\n([\s\S]*?)\n```/.exec(page)?.[1];
    expect(block, 'the page shows a pact as a json block').toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    writeFileSync(join(dir, 'mobile-app-order-service.json'), block ?? '');
    const outcome = await run(dir);
    expect(outcome.checks.map((c) => [c.name, c.status])).toEqual([
      ['mobile-app → order-service: a mobile request for an order', 'passed'],
      ['mobile-app → order-service: an order.created event', 'passed'],
    ]);
  });

  it('fails a pact expecting a field the provider does not return, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    writeOutsidePact(dir, { extraOrderFields: { trackingNumber: 'TRK-1' } });
    const outcome = await run(dir);
    const failed = outcome.checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => [c.name, c.message])).toMatchInlineSnapshot(`
      [
        [
          "mobile-app → order-service: a mobile request for an order",
          "given an order exists
      body $: Actual map is missing the following keys: trackingNumber",
        ],
      ]
    `);
    expect(failed[0]?.evidence).toMatchObject([{ kind: 'pact-mismatch' }]);
  });

  it('fails interactions naming an unknown state or message without running them, listing the known ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    writeOutsidePact(dir, { orderState: 'an order was shipped', messageDescription: 'an order.shipped event' });
    writeFileSync(join(dir, 'broken.json'), '{ "consumer": ');
    const outcome = await run(dir);
    expect(
      outcome.checks.map((c) => [c.name, c.status, c.message?.replace(dir, '<pacts.dir>')]),
    ).toMatchInlineSnapshot(`
      [
        [
          "pact file broken.json",
          "failed",
          "not a pact file (in <pacts.dir>): not JSON: 1:15: invalid JSON: expected a value (the text ends here)
        { "consumer": 
                      ^",
        ],
        [
          "mobile-app → order-service: a mobile request for an order",
          "failed",
          "unknown provider state "an order was shipped": order-service knows "an order exists", "a pending order exists", "an order was placed", "a confirmed order was cancelled", "a payment was authorized", "a payment was declined", "a payment was refunded" (pacts.stateHandlers: contract-tests/provider/state-handlers.ts); not run against the provider",
        ],
        [
          "mobile-app → order-service: an order.shipped event",
          "failed",
          "unknown message description "an order.shipped event": order-service produces "an order.created event", "an order.cancelled event", "a payment.authorized event", "a payment.declined event", "a payment.refunded event" (pacts.messageProviders: contract-tests/provider/message-providers.ts); not run against the provider",
        ],
        [
          "mobile-app → order-service: a mobile request for a missing order",
          "passed",
          undefined,
        ],
      ]
    `);
    // Only the known interaction reached the verifier (and so has a duration).
    expect(outcome.checks.filter((c) => c.durationMs !== undefined).map((c) => c.name)).toEqual([
      'mobile-app → order-service: a mobile request for a missing order',
    ]);
  });

  it('proves the message interaction on the wire: the order.created the service published satisfies the pact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    writeOutsidePact(dir);
    const outcome = await run(dir, { kafkaBrokers: inject('kafkaBrokers') });
    expect(outcome.checks.map((c) => [c.name, c.status])).toEqual([
      ['mobile-app → order-service: a mobile request for an order', 'passed'],
      ['mobile-app → order-service: a mobile request for a missing order', 'passed'],
      ['mobile-app → order-service: an order.created event', 'passed'],
      ['mobile-app → order-service: an order.created event (live Kafka message)', 'passed'],
    ]);
    expect(outcome.checks.at(-1)?.message).toMatch(
      /^matched the message published on order\.created \(partition \d+, offset \d+, key [0-9a-f-]{36}\)$/,
    );
  });

  it('fails a message pact the event builder satisfies but the live message does not, naming the live message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    // The builder's fixture order carries correlation id req-7f3a; a real order carries the one of its request.
    writeOutsidePact(dir, { extraEventFields: { correlationId: 'req-7f3a' } });
    const outcome = await run(dir, { kafkaBrokers: inject('kafkaBrokers') });
    const event = outcome.checks.filter((c) => c.name.includes('order.created'));
    expect(event.map((c) => [c.name, c.status])).toEqual([
      ['mobile-app → order-service: an order.created event', 'passed'],
      ['mobile-app → order-service: an order.created event (live Kafka message)', 'failed'],
    ]);
    expect(event[1]?.message?.replace(/\(partition .*?\)/, '(…)')).toMatchInlineSnapshot(`
      "the live message breaks the pact (the provider's event builder satisfies it): no message published on order.created during the run matches; the latest (…):
      body $.correlationId: Expected 'pact-state' (String) to be equal to 'req-7f3a' (String)"
    `);
    expect(event[1]?.evidence).toMatchObject([{ kind: 'kafka-message', topic: 'order.created' }]);
  });

  it('reports a pact other tooling wrote for another provider without verifying it against this one or removing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-pacts-'));
    writeOutsidePact(dir);
    // A pact-jvm V4 pact of a provider that does not run here, copied unchanged from fixtures/corpus.
    const foreign = readFileSync(join(REPO_ROOT, 'fixtures/corpus/pacts/pact-jvm/v4-status-code-pact.json'));
    writeFileSync(join(dir, 'v4-status-code-pact.json'), foreign);
    const outcome = await run(dir);
    expect(outcome.checks.map((c) => [c.name, c.status])).toEqual([
      ['mobile-app → order-service: a mobile request for an order', 'passed'],
      ['mobile-app → order-service: a mobile request for a missing order', 'passed'],
      ['mobile-app → order-service: an order.created event', 'passed'],
      ['provider V4Service is running', 'failed'],
    ]);
    expect(outcome.checks.at(-1)?.message).toBe(
      'v4-status-code-pact.json not verified: no running service named V4Service (to verify it against another service, set pacts.provider: V4Service and pacts.providerService)',
    );
    expect(readFileSync(join(dir, 'v4-status-code-pact.json'))).toEqual(foreign);
  });
});
