import { describe, expect, it } from 'vitest';
import { runCommand } from './run-command.ts';

describe('runCommand', () => {
  it('resolves the exit code and output of a finished command', async () => {
    const result = await runCommand(process.execPath, ['-e', 'process.stdout.write("out"); process.exit(3)']);
    expect(result).toEqual({ code: 3, stdout: 'out', stderr: '' });
  });

  it('resolves undefined for a program that is not installed', async () => {
    expect(await runCommand('tracegate-no-such-program', [])).toBeUndefined();
  });

  it('keeps the output of a command that finished while the event loop was blocked past its timeout', async () => {
    const running = runCommand('sh', ['-c', 'echo version 17'], { timeoutMs: 100 });
    const blockedUntil = Date.now() + 3_000;
    while (Date.now() < blockedUntil) {
      // A long synchronous step elsewhere in the process: the command finishes, its timer expires meanwhile.
    }
    expect(await running).toEqual({ code: 0, stdout: 'version 17\n', stderr: '' });
  });

  it('kills a command that outlives its timeout', async () => {
    const result = await runCommand(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { timeoutMs: 200 });
    expect(result?.code).toBeNull();
  });

  it('kills the command and rejects with the reason when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = runCommand(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
      timeoutMs: 120_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('interrupted')), 200);
    await expect(running).rejects.toThrow('interrupted');
    // Well inside the command's own minute: the abort ended it, not its timer.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
