import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  // The spec would wait ten minutes for a hop that never comes: only a cancelled wait lets the process end in time.
  it('stops at once on Ctrl-C, closing its receiver, and exits 1', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-spec-'));
    const file = join(dir, 'never.yaml');
    writeFileSync(
      file,
      [
        'name: waits for a consumer that does not exist',
        'trigger: { http: { method: POST, url: /reservations, body: { sku: SKU-8, quantity: 1 }, expectStatus: 201 } }',
        'timeoutMs: 600000',
        'specs: [{ selector: \'span[kind="server"]\', count: { atLeast: 0 } }]',
        'chain:',
        '  - { kind: http-server, service: inventory-service }',
        '  - { kind: kafka-consume, service: nobody, topic: nowhere }',
      ].join('\n'),
    );
    const argv = args('inventory-reservation.yaml', dir).map((a) =>
      a.endsWith('inventory-reservation.yaml') ? file : a,
    );
    const bin = fileURLToPath(new URL('../bin/tracegate.mjs', import.meta.url));
    const child = spawn(process.execPath, [bin, ...argv], { cwd: root, detached: true });
    let output = '';
    const receiving = new Promise<void>((resolve) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('receiving OTLP at')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await Promise.race([receiving, exited]);
      // By then the trigger was answered and the chain wait is pending (the kill would cancel any earlier step too).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      child.kill('SIGINT');
      const stillRunning = new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 30_000).unref());
      expect(await Promise.race([exited, stillRunning]), output).toBe(1);
      expect(output).toContain('tracegate spec: SIGINT, stopped');
    } finally {
      // A run that did not stop must not outlive the test: its whole process group goes.
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
  });
});
