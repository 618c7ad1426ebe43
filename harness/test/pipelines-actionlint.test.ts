import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../src/provision/run-command.ts';
import { actionlintBinary } from './actionlint.ts';

const root = resolve(import.meta.dirname, '../..');
const workflows = [
  '.github/workflows/ci.yml',
  '.github/workflows/release.yml',
  'pipelines/github/examples/consumer.yml',
  'pipelines/github/examples/provider.yml',
];

describe('actionlint', () => {
  it('finds nothing wrong in the workflows (and the local action they use)', { timeout: 660_000 }, async () => {
    const actionlint = await actionlintBinary();
    const run = await runCommand(actionlint, ['-no-color', ...workflows], { cwd: root, timeoutMs: 60_000 });
    expect(run?.stdout ?? '', run?.stderr).toBe('');
    expect(run?.code).toBe(0);
  });

  it('reports a broken workflow, so a clean run means something', { timeout: 660_000 }, async () => {
    const actionlint = await actionlintBinary();
    const dir = mkdtempSync(join(tmpdir(), 'tg-actionlint-'));
    try {
      const file = join(dir, 'broken.yml');
      writeFileSync(
        file,
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n',
      );
      const run = await runCommand(actionlint, ['-no-color', file], { cwd: dir, timeoutMs: 60_000 });
      expect(run?.code).toBe(1);
      expect(run?.stdout).toContain('property "nope" is not defined');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
