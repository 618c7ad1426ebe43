import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureVirtualenv } from './virtualenv.ts';

const dir = mkdtempSync(join(tmpdir(), 'tracegate-virtualenv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ensureVirtualenv', () => {
  it.each([
    ['fails', 'echo "error while loading shared libraries: libpython3.11.so.1.0" >&2; exit 127', 'PREREQUISITE_FAILED'],
    ['never answers', 'exec /bin/sleep 30', 'PREREQUISITE_TIMED_OUT'],
  ])('names an interpreter that %s, with no install advice, and creates nothing', async (_, body, code) => {
    const python = join(dir, `python-${code}`);
    writeFileSync(python, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    const venv = join(dir, `venv-${code}`);
    const error = await ensureVirtualenv({
      dir: venv,
      install: ['schemathesis==4.32.5'],
      purpose: 'Schemathesis',
      python,
      env: { PATH: '/usr/bin:/bin', TRACEGATE_PROBE_TIMEOUT_MS: '400' },
      log: () => {},
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProbeError', code, command: python });
    expect((error as Error).message).toContain(`\`${python} -c 'import venv, ensurepip'\``);
    expect((error as Error).message).not.toContain('apt-get');
    expect(existsSync(venv)).toBe(false);
  });
});
