import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../src/provision/ports.ts';
import { startProcess } from '../src/provision/process.ts';
import type { ProcessHandle } from '../src/provision/types.ts';
import { runCli } from './cli-support.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
let service: ProcessHandle;
let otlpPort: number;

beforeAll(async () => {
  otlpPort = await freePort();
  service = await startProcess({
    name: 'inventory-service',
    command: [process.execPath, 'src/main.js'],
    cwd: join(root, 'fixtures/inventory-service'),
    env: {
      PORT: '0',
      KAFKA_BROKERS: inject('kafkaBrokers'),
      GROUP_PREFIX: `spec-cli-${otlpPort}-`,
      // OTLP/HTTP: each export is a fresh request, so spans reach a receiver opened after the service started
      // (a gRPC channel to a closed port backs off for many seconds).
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
    portFrom: { logPattern: '"port":(\\d+)' },
    readyUrl: 'http://127.0.0.1:{port}/health',
    timeoutMs: 60_000,
  });
}, 120_000);

afterAll(async () => {
  await service?.stop();
});

const spec = (file: string): string => join(root, 'fixtures/specs', file);
const args = (file: string, reports: string): string[] => [
  'spec',
  spec(file),
  '--base-url',
  service.url ?? '',
  '--otlp-grpc-port',
  '0',
  '--otlp-http-port',
  String(otlpPort),
  '--reports',
  reports,
];

describe('tracegate spec', () => {
  it('runs a YAML trace spec against a running service and writes JUnit', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'tg-spec-'));
    const run = await runCli(args('inventory-reservation.yaml', reports), { cwd: root, timeoutMs: 90_000 });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('passed  reservation is published and projected');
    const junit = readFileSync(join(reports, 'trace-specs-junit.xml'), 'utf8');
    expect(junit).toContain('reservation is published and projected');
    expect(junit).not.toContain('<failure');
  }, 120_000);

  it('exits 2 naming the selector whose assertion failed', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'tg-spec-'));
    const run = await runCli(args('inventory-wrong-expectations.yaml', reports), {
      cwd: root,
      timeoutMs: 90_000,
    });
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain('FAILED  reservation answers 200');
    expect(run.output).toContain('span[service.name="inventory-service" kind="server"]');
    expect(readFileSync(join(reports, 'trace-specs-junit.xml'), 'utf8')).toContain('<failure');
  }, 120_000);

  it('explains what is missing instead of failing obscurely', async () => {
    const run = await runCli(['spec', spec('inventory-reservation.yaml')], { cwd: root, timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.output).toContain('--base-url URL of the service under test is required');
  });
});
