import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../src/provision/cleanup.ts';
import { startProcess } from '../src/provision/process.ts';

const dir = mkdtempSync(join(tmpdir(), 'tracegate-process-test-'));
const server = join(dir, 'server.mjs');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// A service like the reference one: JSON log line with its port, /health, graceful SIGTERM.
writeFileSync(
  server,
  `import { createServer } from 'node:http';
const s = createServer((req, res) => { res.statusCode = req.url === '/health' ? 200 : 404; res.end(); });
s.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ level: 30, msg: 'listening', port: s.address().port }));
  console.error('a line on stderr');
});
process.on('SIGTERM', () => { console.log('bye'); s.close(() => process.exit(0)); });`,
);

describe('startProcess', () => {
  it('learns the port from a JSON log line, waits for readiness, stops gracefully', async () => {
    const child = await startProcess({
      name: 'svc',
      command: [process.execPath, server],
      portFrom: { logPattern: /"port":(\d+)/ },
      readyUrl: 'http://127.0.0.1:{port}/health',
      timeoutMs: 10_000,
    });
    const copied: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => copied.push(chunk.toString()));
    expect(child.url).toBe(`http://127.0.0.1:${child.port}`);
    expect((await fetch(`${child.url}/health`)).status).toBe(200);
    expect(await child.stop()).toEqual({ code: 0, signal: null });
    expect(child.lines()).toEqual(
      expect.arrayContaining([expect.stringContaining('"listening"'), 'a line on stderr', 'bye']),
    );
    expect(copied.join('')).toContain(`"port":${child.port}`); // the copy starts at the first byte
    expect(isAlive(child.pid)).toBe(false);
  });

  it('hands a free port through an environment variable', async () => {
    const child = await startProcess({
      name: 'svc',
      command: [process.execPath, server],
      portFrom: { env: 'PORT' },
      readyPath: '/health',
    });
    expect(child.lines()[0]).toContain(`"port":${child.port}`);
    await child.stop();
  });

  it('runs a string command through sh and ends its whole process group', async () => {
    const child = await startProcess({
      name: 'group',
      command: 'sleep 300 & echo "{\\"port\\":1,\\"sleep\\":$!}"; wait',
      portFrom: { logPattern: '"port":(\\d+)' },
    });
    const { sleep } = JSON.parse(child.lines()[0] ?? '{}') as { sleep: number };
    expect(isAlive(sleep)).toBe(true);
    await child.stop({ timeoutMs: 2_000 });
    expect(isAlive(sleep)).toBe(false);
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const child = await startProcess({
      name: 'stubborn',
      command: [
        process.execPath,
        '-e',
        'process.on("SIGTERM", () => {}); console.log(\'{"port":1}\'); setInterval(() => {}, 1000)',
      ],
      portFrom: { logPattern: '"port":(\\d+)' },
    });
    expect(await child.stop({ timeoutMs: 300 })).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('fails with the last output lines when the process exits early', async () => {
    const start = startProcess({
      name: 'crasher',
      command: [
        process.execPath,
        '-e',
        'console.log("connecting to db"); console.error("ECONNREFUSED 127.0.0.1:5432"); process.exit(3)',
      ],
      portFrom: { logPattern: '"port":(\\d+)' },
    });
    await expect(start).rejects.toMatchObject({ code: 'SERVICE_START_FAILED' });
    await expect(start).rejects.toThrowErrorMatchingInlineSnapshot(`
      [HarnessError: crasher exited before it was ready (exit 3); its last output:
        | connecting to db
        | ECONNREFUSED 127.0.0.1:5432]
    `);
  });

  it('fails and kills the process when it never becomes ready', async () => {
    const script = join(dir, 'never-ready.mjs');
    copyFileSync(server, script);
    const start = startProcess({
      name: 'never-ready',
      command: [process.execPath, script],
      portFrom: { logPattern: '"port":(\\d+)' },
      readyPath: '/not-there',
      timeoutMs: 1_500,
    });
    await expect(start).rejects.toThrow(
      /never-ready did not answer 2xx at http:\/\/127\.0\.0\.1:\d+\/not-there within 1500 ms \(last: HTTP 404\)/,
    );
    expect(spawnSync('pgrep', ['-f', script]).status).toBe(1); // 1: no such process
  });

  it('fails when no port shows up in time', async () => {
    const start = startProcess({
      name: 'quiet',
      command: ['sleep', '30'],
      portFrom: { logPattern: '"port":(\\d+)' },
      timeoutMs: 500,
    });
    await expect(start).rejects.toThrow('quiet printed no line matching "port":(\\d+) within 500 ms');
  });
});
