import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROBE_TIMEOUTS_MS, probeCommand, probeTimeouts, probeTrouble } from './probe-command.ts';

const dir = mkdtempSync(join(tmpdir(), 'tracegate-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('probeTimeouts', () => {
  it.each([
    [{}, PROBE_TIMEOUTS_MS],
    [{ TRACEGATE_PROBE_TIMEOUT_MS: '120000' }, [15_000, 120_000]],
    [{ TRACEGATE_PROBE_TIMEOUT_MS: ' 5000 ' }, [5_000, 5_000]],
  ])('%o → %o', (env, bounds) => {
    expect(probeTimeouts(env)).toEqual(bounds);
  });

  it.each(['soon', '-1', '0', '1.5'])('refuses TRACEGATE_PROBE_TIMEOUT_MS=%s with a clear error', (value) => {
    expect(() => probeTimeouts({ TRACEGATE_PROBE_TIMEOUT_MS: value })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: `TRACEGATE_PROBE_TIMEOUT_MS must be a whole number of milliseconds above 0, got "${value}"`,
      }),
    );
  });
});

describe('probeCommand', () => {
  it('bounds a probe by TRACEGATE_PROBE_TIMEOUT_MS and says how to allow more time', async () => {
    writeFileSync(join(dir, 'slowtool'), '#!/bin/sh\nexec /bin/sleep 30\n', { mode: 0o755 });
    const probe = await probeCommand({
      command: 'slowtool',
      args: ['--version'],
      env: { PATH: dir, TRACEGATE_PROBE_TIMEOUT_MS: '400' },
      parse: (result) => result.stdout.trim() || undefined,
    });
    expect(probe).toEqual({
      status: 'timed-out',
      command: 'slowtool',
      detail: '`slowtool --version` did not answer within 0.4s, then 0.4s',
    });
    expect(probeTrouble(probe)).toBe(
      '`slowtool --version` did not answer within 0.4s, then 0.4s (the machine may be busy): run again when it is less loaded, or allow more time with TRACEGATE_PROBE_TIMEOUT_MS',
    );
  });

  it('names a failing tool given by its path as that path', () => {
    expect(
      probeTrouble({
        status: 'failed',
        command: '/opt/jdk/bin/java',
        detail: '`/opt/jdk/bin/java -version` exited with 1',
      }),
    ).toBe('`/opt/jdk/bin/java -version` exited with 1; repair or replace /opt/jdk/bin/java');
    expect(probeTrouble({ status: 'missing', command: 'java', detail: 'java not found' })).toBeUndefined();
  });
});
