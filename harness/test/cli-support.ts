import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerifyReport } from '../src/report/types.ts';

const BIN = new URL('../bin/tracegate.mjs', import.meta.url).pathname;

/** What one CLI run produced. */
export interface CliRun {
  readonly code: number | null;
  readonly output: string;
  readonly reportsDir: string;
  report(): VerifyReport;
}

/** Runs the tracegate CLI as a user would (a child process), bounded in time, killed with its group on timeout. */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CliRun> {
  const reportsDir = mkdtempSync(join(tmpdir(), 'tg-reports-'));
  return new Promise((resolve, reject) => {
    const extra = args[0] === 'verify' ? ['--reports', reportsDir, '--plain'] : [];
    const child = spawn(process.execPath, [BIN, ...args, ...extra], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`tracegate ${args.join(' ')} did not finish in time:\n${output}`));
    }, options.timeoutMs ?? 540_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        output,
        reportsDir,
        report: () => JSON.parse(readFileSync(join(reportsDir, 'verify.json'), 'utf8')) as VerifyReport,
      });
    });
  });
}
