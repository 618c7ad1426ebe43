import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.ts';
import { createPhaseRecorder } from '../run/phases.ts';
import type { VerifyOptions } from '../run/types.ts';
import { startEnvironment } from './environment.ts';

const options: VerifyOptions = { only: [], skip: [], baseUrls: {}, reportsDir: 'reports', plain: true };

/** A service that answers its health check and writes one JSON log line per request to `app.log`. */
const service = `
const { createServer } = require('node:http');
const { appendFileSync } = require('node:fs');
const server = createServer((req, res) => {
  appendFileSync('app.log', JSON.stringify({ level: 30, msg: 'request ' + req.url, correlation_id: req.headers['x-correlation-id'] ?? null }) + '\\n');
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

let dir: string | undefined;
let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
  close = undefined;
  dir = undefined;
});

describe('services[].logFile', () => {
  it('captures JSON logs from the file of a started service and of a running one, not lines of earlier runs', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tracegate-logfile-'));
    mkdirSync(join(dir, 'svc'));
    writeFileSync(join(dir, 'svc', 'server.cjs'), service);
    writeFileSync(
      join(dir, 'external.log'),
      `${JSON.stringify({ msg: 'from an earlier run', correlation_id: 'old' })}\n`,
    );
    writeFileSync(
      join(dir, 'tracegate.config.yaml'),
      [
        'system: logfile',
        'services:',
        '  - name: started',
        '    logFile: svc/app.log',
        '    health: /health',
        '    start: { command: [node, server.cjs], cwd: svc }',
        '  - name: external',
        '    baseUrl: http://127.0.0.1:9',
        '    logFile: external.log',
        '',
      ].join('\n'),
    );
    const loaded = await loadConfig(join(dir, 'tracegate.config.yaml'));
    const started = await startEnvironment({ loaded, options, needs: new Set(['services']), log: () => {} });
    close = started.close;

    const running = started.env.services.get('started');
    await fetch(`${running?.url}/orders`, { headers: { 'x-correlation-id': 'c-42' } });
    const line = await running?.logs?.waitFor((l) => l.json?.correlation_id === 'c-42', { timeoutMs: 5_000 });
    expect(line?.message).toBe('request /orders');

    const external = started.env.services.get('external')?.logs;
    appendFileSync(join(dir, 'external.log'), `${JSON.stringify({ msg: 'this run', correlation_id: 'c-7' })}\n`);
    await external?.waitFor((l) => l.json?.correlation_id === 'c-7', { timeoutMs: 5_000 });
    expect(external?.lines().map((l) => l.json?.correlation_id)).toEqual(['c-7']);
  });
});

/** A service that waits 300 ms before it listens and answers every request with its own PEER_URL. */
const peerService = `
const { createServer } = require('node:http');
setTimeout(() => {
  const server = createServer((req, res) => res.end(process.env.PEER_URL ?? 'none'));
  server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}, 300);
`;

describe('starting services', () => {
  async function twoServices(secondEnv: string) {
    dir = mkdtempSync(join(tmpdir(), 'tracegate-services-'));
    writeFileSync(join(dir, 'server.cjs'), peerService);
    const service = (name: string, env: string) =>
      [`  - name: ${name}`, '    health: /', `    start: { command: [node, server.cjs]${env} }`].join('\n');
    writeFileSync(
      join(dir, 'tracegate.config.yaml'),
      ['system: services', 'services:', service('first', ''), service('second', secondEnv), ''].join('\n'),
    );
    const loaded = await loadConfig(join(dir, 'tracegate.config.yaml'));
    const phases = createPhaseRecorder();
    const started = await startEnvironment({ loaded, options, needs: new Set(['services']), log: () => {}, phases });
    close = started.close;
    const phase = (name: string) => phases.list().find((p) => p.name === `provision service ${name}`);
    return { env: started.env, first: phase('first'), second: phase('second') };
  }

  it('starts services side by side when none names another', async () => {
    const { env, first, second } = await twoServices('');
    expect([...env.services.keys()]).toEqual(['first', 'second']);
    expect(first && second && second.startMs < first.startMs + first.durationMs).toBe(true);
  });

  it('starts them one after another when one names another by ${services.<name>.url}, which it then gets', async () => {
    const { env, first, second } = await twoServices(', env: { PEER_URL: "${services.first.url}" }');
    expect(first && second && second.startMs >= first.startMs + first.durationMs).toBe(true);
    const answer = await (await fetch(env.services.get('second')?.url ?? '')).text();
    expect(answer).toBe(env.services.get('first')?.url);
  });
});
