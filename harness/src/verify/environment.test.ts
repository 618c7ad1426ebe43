import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.ts';
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
