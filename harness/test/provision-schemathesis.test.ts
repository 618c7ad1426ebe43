import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEMATHESIS_VERSION, schemathesis, schemathesisVenv } from '../src/provision/schemathesis.ts';
import type { SchemathesisCommand } from '../src/provision/types.ts';

const run = (st: SchemathesisCommand, args: string[]) => {
  const [program = '', ...rest] = st.command;
  return execFileSync(program, [...rest, ...args], { encoding: 'utf8', timeout: 60_000 });
};

describe('schemathesis (no Docker engine here: the pinned PyPI release in a virtualenv)', () => {
  let st: SchemathesisCommand;
  // The first run creates the virtualenv (pip install); later runs reuse it.
  beforeAll(async () => {
    st = await schemathesis({ docker: false, env: { ...process.env, SCHEMATHESIS_BIN: '' } });
  }, 600_000);

  it('installs the pinned 4.x release and st --version runs', () => {
    expect(st).toEqual({ strategy: 'venv', command: [`${schemathesisVenv()}/bin/st`], version: SCHEMATHESIS_VERSION });
    expect(SCHEMATHESIS_VERSION).toMatch(/^4\./);
    expect(run(st, ['--version'])).toContain(SCHEMATHESIS_VERSION);
  });

  it('reuses the virtualenv on later calls', async () => {
    const startedAt = Date.now();
    const again = await schemathesis({ docker: false, env: { ...process.env, SCHEMATHESIS_BIN: '' } });
    expect(again).toEqual(st);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
  });

  it('prefers SCHEMATHESIS_BIN and reads its version', async () => {
    const bin = st.command[0] ?? '';
    await expect(schemathesis({ env: { SCHEMATHESIS_BIN: bin } })).resolves.toEqual({
      strategy: 'bin',
      command: [bin],
      version: SCHEMATHESIS_VERSION,
    });
  });

  it('says so when SCHEMATHESIS_BIN does not run', async () => {
    await expect(schemathesis({ env: { SCHEMATHESIS_BIN: '/nonexistent/st' } })).rejects.toMatchObject({
      code: 'MISSING_PREREQUISITE',
      message: 'SCHEMATHESIS_BIN=/nonexistent/st does not run: not found',
    });
  });
});
