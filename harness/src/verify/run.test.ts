import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.ts';
import type { Gate, GateContext } from '../gates/types.ts';
import type { Progress, VerifyOptions } from '../run/types.ts';
import { verify } from './run.ts';

const options: VerifyOptions = { only: [], skip: [], baseUrls: {}, reportsDir: 'reports', plain: true };
const progress: Progress = { info() {}, start() {}, finish() {}, close() {} };

/** A service that waits a second before it listens, so provisioning outlasts a gate that needs nothing. */
const slowService = `
const { createServer } = require('node:http');
setTimeout(() => {
  const server = createServer((req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}, 1000);
`;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function slowServiceConfig() {
  dir = mkdtempSync(join(tmpdir(), 'tracegate-phases-'));
  mkdirSync(join(dir, 'svc'));
  writeFileSync(join(dir, 'svc', 'server.cjs'), slowService);
  writeFileSync(
    join(dir, 'tracegate.config.yaml'),
    [
      'system: phases',
      'services:',
      '  - name: slow',
      '    health: /',
      '    start: { command: [node, server.cjs], cwd: svc }',
      '',
    ].join('\n'),
  );
  return loadConfig(join(dir, 'tracegate.config.yaml'));
}

/** A gate that notes what it saw of the environment, and fails or passes. */
function gate(name: string, needs: Gate['needs'], seen: Map<string, number>, fail = false): Gate {
  return {
    name,
    description: name,
    needs,
    applies: () => ({ ok: true }),
    async run(context: GateContext) {
      seen.set(name, context.env.services.size);
      return { checks: [{ name: `${name} check`, status: fail ? 'failed' : 'passed' }] };
    },
  };
}

describe('verify: phases and gates that need nothing', () => {
  it('runs a gate with empty needs while the services start, reports it when it fails, and records every phase', async () => {
    const loaded = await slowServiceConfig();
    const seen = new Map<string, number>();
    const gates = [gate('documents', [], seen, true), gate('against-service', ['services'], seen)];
    const signal = new AbortController().signal;
    const { report, couldNotRun } = await verify({ loaded, options, gates, progress, signal });

    expect(couldNotRun).toBe(false);
    expect(report.ok).toBe(false);
    expect(report.gates.map((g) => [g.name, g.status])).toEqual([
      ['documents', 'failed'],
      ['against-service', 'passed'],
    ]);
    // The early gate saw no service (none was up yet); the other saw the started one.
    expect(Object.fromEntries(seen)).toEqual({ documents: 0, 'against-service': 1 });

    const phases = new Map(report.phases?.map((p) => [p.name, p]));
    expect([...phases.keys()].sort()).toEqual([
      'gate against-service',
      'gate documents',
      'provision service slow',
      'provision traces (receiver)',
      'teardown',
    ]);
    const at = (name: string) => phases.get(name) ?? expect.fail(`no phase ${name}`);
    const service = at('provision service slow');
    expect(at('gate documents').startMs).toBeLessThan(service.startMs + service.durationMs);
    // Start and duration are each rounded to the millisecond, so their sum may run one past the true end.
    expect(at('gate against-service').startMs).toBeGreaterThanOrEqual(service.startMs + service.durationMs - 1);
    expect(at('teardown').startMs).toBeGreaterThanOrEqual(at('gate against-service').startMs);
    expect(report.phases?.map((p) => p.startMs)).toEqual(
      [...(report.phases ?? [])].map((p) => p.startMs).sort((a, b) => a - b),
    );
  });

  it('keeps the early gate report when provisioning fails, and reports the gates that needed it as not run', async () => {
    const loaded = await slowServiceConfig();
    writeFileSync(join(dir as string, 'svc', 'server.cjs'), 'process.exit(3);');
    const seen = new Map<string, number>();
    const gates = [gate('documents', [], seen), gate('against-service', ['services'], seen)];
    const signal = new AbortController().signal;
    const { report, couldNotRun } = await verify({ loaded, options, gates, progress, signal });

    expect(couldNotRun).toBe(true);
    expect(report.gates.map((g) => [g.name, g.status])).toEqual([
      ['documents', 'passed'],
      ['against-service', 'failed'],
    ]);
    expect(report.gates[1]?.details?.reason).toMatch(/slow/);
    expect(seen.has('against-service')).toBe(false);
    expect(report.phases?.map((p) => p.name)).toContain('teardown');
  });
});
