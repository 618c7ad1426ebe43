import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JaegerHandle, jaegerBinary, startJaeger } from '../src/provision/jaeger.ts';
import { runCli } from './cli-support.ts';

// The docker compose `verify` service reads spans from Jaeger, not from the in-process receiver: the same path,
// here against a real Jaeger v2 that the service under test exports to over OTLP/gRPC.
const cwd = fileURLToPath(new URL('../../fixtures/inventory-service/', import.meta.url));
let jaeger: JaegerHandle;

beforeAll(async () => {
  jaeger = await startJaeger((await jaegerBinary()).path);
}, 20 * 60_000);

afterAll(async () => {
  await jaeger?.stop();
});

describe('tracegate verify with Jaeger as the trace backend', () => {
  it('proves the correlation chain from spans queried back from Jaeger', async () => {
    const run = await runCli(['verify', '--gates', 'correlation-e2e', '--trace-backend', `jaeger:${jaeger.queryUrl}`], {
      cwd,
      env: { KAFKA_BROKERS: '', TRACEGATE_KAFKA_STRATEGY: 'jvm', OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpGrpcUrl },
    });
    expect(run.code, run.output).toBe(0);
    const report = run.report();
    expect(report.environment.traces).toBe(`jaeger at ${jaeger.queryUrl}`);
    const scenario = report.gates.find((g) => g.name === 'correlation-e2e')?.details?.scenarios?.[0];
    expect(scenario?.chain.map((h) => h.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(scenario?.spans.map((s) => s.kind).sort()).toEqual(['consumer', 'producer', 'server']);
  }, 300_000);

  it('names the broken hop from Jaeger data when the service drops the trace context', async () => {
    const run = await runCli(['verify', '--gates', 'correlation-e2e', '--trace-backend', `jaeger:${jaeger.queryUrl}`], {
      cwd,
      env: {
        KAFKA_BROKERS: '',
        TRACEGATE_KAFKA_STRATEGY: 'jvm',
        OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpGrpcUrl,
        INVENTORY_FAULTS: 'drop-trace-context',
      },
    });
    expect(run.code, run.output).toBe(2);
    const scenario = run.report().gates.find((g) => g.name === 'correlation-e2e')?.details?.scenarios?.[0];
    expect(scenario?.firstBrokenHop).toBe('kafka-publish inventory-service → inventory.reserved');
  }, 300_000);
});
