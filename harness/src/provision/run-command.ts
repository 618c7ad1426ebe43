import { execFile } from 'node:child_process';

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
    execFile(
      command,
      args,
      {
        timeout: options.timeoutMs ?? 30_000,
        cwd: options.cwd,
        env: options.env ?? process.env,
        maxBuffer: 64 << 20,
        ...(options.uid === undefined ? {} : { uid: options.uid }),
        ...(options.gid === undefined ? {} : { gid: options.gid }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
      (error, stdout, stderr) => {
        if (options.signal?.aborted) return reject(options.signal.reason);
        if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return resolve(undefined);
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        // execFile sets `killed` when it sent the kill itself: the timeout, or output past maxBuffer.
        const timedOut = error?.killed === true && error.code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
        resolve({ code, stdout: stdout.toString(), stderr: stderr.toString(), ...(timedOut ? { timedOut } : {}) });
      },
    );
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
