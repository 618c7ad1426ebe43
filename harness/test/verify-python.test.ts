import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafka } from '../src/provision/kafka/start-kafka.ts';
import type { KafkaHandle } from '../src/provision/types.ts';
import { runCli } from './cli-support.ts';

// A Python service (FastAPI, confluent-kafka, OpenTelemetry Python SDK) between two hops of the Node order service,
// verified only through fixtures/shipping-service/tracegate.config.yaml: its virtualenv, log field names and port line
// come from there.
const cwd = fileURLToPath(new URL('../../fixtures/shipping-service/', import.meta.url));
// One broker of its own for these runs: on the shared test broker, the AsyncAPI traffic check would rightly flag
// other suites' topics. Each run has its own consumer groups (run id) and judges only traffic after it started.
let kafka: KafkaHandle | undefined;
beforeAll(async () => {
  kafka = await startKafka({ strategy: 'jvm', readyTimeoutMs: 240_000, log: () => {} });
}, 300_000);
afterAll(() => kafka?.stop());
const env = (faults = ''): NodeJS.ProcessEnv => ({ KAFKA_BROKERS: kafka?.bootstrap ?? '', SHIPPING_FAULTS: faults });

async function correlationGate(faults: string) {
  const run = await runCli(['verify', '--gates', 'correlation-e2e'], { cwd, env: env(faults) });
  expect(run.code, run.output).toBe(2);
  const gate = run.report().gates.find((g) => g.name === 'correlation-e2e');
  expect(gate?.status).toBe('failed');
  return gate;
}

describe('tracegate verify on a Python service', () => {
  it('passes every configured gate across the Node order service and the Python shipping service', async () => {
    const run = await runCli(['verify'], { cwd, env: env() });
    expect(run.code, run.output).toBe(0);
    const report = run.report();
    expect(report).toMatchObject({ ok: true, system: 'shipping' });
    const statuses = Object.fromEntries(report.gates.map((g) => [g.name, g.status]));
    expect(statuses).toMatchObject({
      'contract-documents': 'passed',
      'breaking-changes': 'passed',
      schemathesis: 'passed',
      'correlation-e2e': 'passed',
    });
    const gate = report.gates.find((g) => g.name === 'correlation-e2e');
    const scenario = gate?.details?.scenarios?.[0];
    expect(scenario?.chain.map((h) => `${h.status} ${h.label}`)).toEqual([
      'ok http-server order-service POST /orders',
      'ok kafka-publish order-service → order.created',
      'ok kafka-consume shipping-service ← order.created',
      'ok log shipping-service',
      'ok kafka-publish shipping-service → shipment.scheduled',
      'ok log shipping-service',
      'ok kafka-consume order-service ← shipment.scheduled',
      'ok log order-service',
    ]);
    const traffic = gate?.details?.checks?.find((c) => c.name.startsWith('asyncapi traffic'));
    expect(traffic?.status).toBe('passed');
    expect(traffic?.message).toMatch(/^[2-9]\d* of \d+ messages on 2 topics valid/);
  }, 900_000);

  it('names the Python consume hop when the consumer drops the traceparent', async () => {
    const gate = await correlationGate('drop-traceparent');
    expect(gate?.details?.scenarios?.[0]?.firstBrokenHop).toBe('kafka-consume shipping-service ← order.created');
    expect(gate?.details?.checks?.[0]?.message).toContain('trace context was not propagated');
  }, 600_000);

  it('names the Python log hop when its log lines lose the correlation id', async () => {
    const gate = await correlationGate('drop-log-correlation');
    expect(gate?.details?.scenarios?.[0]?.firstBrokenHop).toBe('log shipping-service');
    expect(gate?.details?.checks?.[0]?.message).toContain('has correlation id (absent)');
  }, 600_000);

  it('names the drifted field when the Python event payload leaves its AsyncAPI document', async () => {
    const gate = await correlationGate('payload-drift');
    // The order service's consumer dead-letters the drifted event, so the chain stops at its log line too.
    expect(gate?.details?.scenarios?.[0]?.firstBrokenHop).toBe('log order-service');
    const traffic = gate?.details?.checks?.filter((c) => c.name.startsWith('asyncapi traffic')) ?? [];
    const failed = traffic.filter((c) => c.status === 'failed');
    expect(failed.length, JSON.stringify(traffic)).toBeGreaterThan(0);
    const messages = failed.map((c) => `${c.name}: ${c.message ?? ''}`).join('\n');
    expect(messages).toContain('shipment.scheduled');
    expect(messages).toContain("must have required property 'carrier'");
  }, 600_000);
});
