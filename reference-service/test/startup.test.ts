import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serviceDir, startCommand } from './support/service-process.ts';

function start(env: Record<string, string>) {
  const [command = 'node', ...args] = startCommand;
  const result = spawnSync(command, args, {
    cwd: serviceDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

describe('configuration errors at start', () => {
  it.each([
    [{ PORT: '0' }, 'missing environment variable KAFKA_BROKERS'],
    [{ KAFKA_BROKERS: 'localhost:9', PORT: 'eighty' }, 'invalid environment variable PORT: "eighty" is not an integer'],
    [
      { KAFKA_BROKERS: 'localhost:9', ORDER_DATABASE_URL: 'sqlite://x' },
      'invalid environment variable ORDER_DATABASE_URL: must start with postgres://, pglite:/// or be pglite://memory',
    ],
    [
      { KAFKA_BROKERS: 'localhost:9', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' },
      'invalid environment variable OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4317" must be http:// or https://',
    ],
  ])('%j → exit 1 with one line naming the variable', (env, message) => {
    const result = start(env);
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n').filter((line) => !/Warning|trace-warnings|Timeout duration/.test(line))).toEqual([
      message,
    ]);
    expect(result.stdout).toBe('');
  });
});
