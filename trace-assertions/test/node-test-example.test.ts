import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from './support/run-node.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the library under plain node:test', () => {
  it('passes examples/node-test.test.mjs (imported by package name)', async () => {
    const run = await runNode(
      ['--conditions=tracegate-source', '--test', '--test-reporter=tap', 'examples/node-test.test.mjs'],
      { cwd: packageDir, timeoutMs: 30_000 },
    );
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toMatch(/^# pass 3$/m);
    expect(run.stdout).toMatch(/^# fail 0$/m);
    expect(run.stdout).toContain('ok 1 - waits for a trace and asserts spans with selectors, objects and checkTrace');
  });

  it('reports a failed assertion as a node:test failure with its code and message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracegate-node-test-'));
    temps.push(dir);
    const entry = pathToFileURL(join(packageDir, 'src/index.ts')).href;
    const file = join(dir, 'failing.test.mjs');
    await writeFile(
      file,
      `import { it } from 'node:test';
import { assertSpan } from ${JSON.stringify(entry)};
it('expects a consumer span', () => {
  assertSpan([], 'span[kind="consumer"]');
});
`,
    );
    const run = await runNode(['--test', '--test-reporter=tap', file], { cwd: dir, timeoutMs: 30_000 });
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toMatch(/^# fail 1$/m);
    expect(run.stdout).toContain("code: 'SPAN_NOT_FOUND'");
    expect(run.stdout).toContain('no span matches');
  });
});
