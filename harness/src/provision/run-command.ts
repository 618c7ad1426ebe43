import { type ChildProcess, execFile } from 'node:child_process';

/** Output of a finished command; `undefined` from `runCommand` when the program is not installed. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command ran past `timeoutMs` and was killed: its output is partial, not an answer. */
  timedOut?: true;
}

/**
 * Runs `command` to completion (bounded by `timeoutMs`, then `timedOut`); resolves `undefined` if it is not installed. An aborted
 * `signal` kills the command and rejects with the signal's reason.
 */
export function runCommand(
  command: string,
  args: string[],
  options: {
    timeoutMs?: number;
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    uid?: number;
    gid?: number;
    signal?: AbortSignal;
  } = {},
): Promise<CommandResult | undefined> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        maxBuffer: 64 << 20,
        ...(options.uid === undefined ? {} : { uid: options.uid }),
        ...(options.gid === undefined ? {} : { gid: options.gid }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
      (error, stdout, stderr) => {
        clearTimeout(timer);
        if (options.signal?.aborted) return reject(options.signal.reason);
        if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return resolve(undefined);
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        // execFile sets `killed` when it sent the kill itself: the timeout, or output past maxBuffer.
        const timedOut = error?.killed === true && error.code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
        resolve({ code, stdout: stdout.toString(), stderr: stderr.toString(), ...(timedOut ? { timedOut } : {}) });
      },
    );
    const timer = setTimeout(() => killUnlessExited(child), options.timeoutMs ?? 30_000);
  });
}

/**
 * Kills a command past its time, after the I/O already pending is read: when the event loop was blocked (a loaded
 * machine, a long synchronous step), the timer fires before a command that finished meanwhile is seen to have exited,
 * and killing it then would throw its output away.
 */
function killUnlessExited(child: ChildProcess): void {
  setImmediate(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
}

/** The last `count` non-empty lines of `text`, indented for an error message. */
export function tail(text: string, count = 20): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines
    .slice(-count)
    .map((line) => `  | ${line}`)
    .join('\n');
}
