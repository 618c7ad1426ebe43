import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.ts';
import type { Gate, GateContext } from '../gates/types.ts';
import type { Progress, VerifyOptions } from '../run/types.ts';
import { gateGroups, verify } from './run.ts';

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
      'teardown services',
      'teardown trace receiver',
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

/** A gate that passes only if every gate named in `meets` starts while it runs (bounded: 5 s). */
function meetingGate(name: string, meets: readonly string[], started: Set<string>, order: string[]): Gate {
  return {
    name,
    description: name,
    needs: ['services'],
    applies: () => ({ ok: true }),
    async run() {
      started.add(name);
      order.push(`start ${name}`);
      const deadline = Date.now() + 5_000;
      while (!meets.every((other) => started.has(other)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 10));
      order.push(`end ${name}`);
      const met = meets.every((other) => started.has(other));
      return { checks: [{ name: `${name} met ${meets.join(', ')}`, status: met ? 'passed' : 'failed' }] };
    },
  };
}

describe('verify: gates the config marks concurrent', () => {
  // Gate settings by test gate name: set on the loaded config (the schema knows only the real gates).
  const concurrentConfig = async (concurrent: readonly string[]) => {
    const loaded = await slowServiceConfig();
    const gates = Object.fromEntries(concurrent.map((name) => [name, { concurrent: true }]));
    return { ...loaded, config: { ...loaded.config, gates } };
  };

  it('runs concurrent neighbours side by side, an exclusive gate alone after them, reports in order', async () => {
    const loaded = await concurrentConfig(['one', 'two', 'last']);
    const started = new Set<string>();
    const order: string[] = [];
    const last = { ...meetingGate('last', [], started, order), exclusive: true };
    const gates = [meetingGate('one', ['two'], started, order), meetingGate('two', ['one'], started, order), last];
    const { report } = await verify({ loaded, options, gates, progress, signal: new AbortController().signal });

    expect(report.gates.map((g) => [g.name, g.status])).toEqual([
      ['one', 'passed'],
      ['two', 'passed'],
      ['last', 'passed'],
    ]);
    expect(order.indexOf('start last')).toBeGreaterThan(Math.max(order.indexOf('end one'), order.indexOf('end two')));
  });

  it('runs gates one after another when the config does not mark them concurrent', async () => {
    const loaded = await concurrentConfig(['one']);
    const started = new Set<string>();
    const order: string[] = [];
    const gates = [meetingGate('one', [], started, order), meetingGate('two', [], started, order)];
    await verify({ loaded, options, gates, progress, signal: new AbortController().signal });
    expect(order).toEqual(['start one', 'end one', 'start two', 'end two']);
  });
});

describe('gateGroups', () => {
  const named = (name: string, exclusive = false): Gate => ({
    name,
    description: name,
    needs: ['services'],
    ...(exclusive ? { exclusive } : {}),
    applies: () => ({ ok: true }),
    run: async () => ({ checks: [] }),
  });
  const groupsOf = (gates: readonly Gate[], concurrent: readonly string[]) => {
    const config = { gates: Object.fromEntries(concurrent.map((name) => [name, { concurrent: true }])) };
    const loaded = { config, dir: '.', path: 'tracegate.config.yaml' } as unknown as Parameters<typeof gateGroups>[1];
    return gateGroups(gates, loaded).map((group) => group.map((g) => g.name));
  };

  it.each([
    { concurrent: [], groups: [['a'], ['b'], ['c'], ['d']] },
    { concurrent: ['b', 'c'], groups: [['a'], ['b', 'c'], ['d']] },
    { concurrent: ['a', 'c'], groups: [['a'], ['b'], ['c'], ['d']] },
    { concurrent: ['a', 'b', 'c', 'd'], groups: [['a', 'b', 'c'], ['d']] },
  ])('concurrent $concurrent → $groups (d is exclusive)', ({ concurrent, groups }) => {
    expect(groupsOf([named('a'), named('b'), named('c'), named('d', true)], concurrent)).toEqual(groups);
  });
});
