import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors.ts';
import { withLock } from './lock.ts';
import { seconds } from './log.ts';
import { virtualenvPrerequisites } from './prerequisites.ts';
import { probeValue } from './probe-command.ts';
import { probePython } from './probes.ts';
import { runCommand, tail } from './run-command.ts';

const MARKER = '.tracegate-complete';

/** Options of {@link ensureVirtualenv}. */
export interface VirtualenvOptions {
  /** Directory of the virtualenv; created once, reused while its completion marker is there. */
  readonly dir: string;
  /** Arguments after `pip install`, e.g. `['schemathesis==4.32.5']` or `['-r', '/abs/requirements.txt']`. */
  readonly install: readonly string[];
  /** Who needs it, for messages (e.g. `Schemathesis`, `service shipping-service`). */
  readonly purpose: string;
  /** Interpreter that creates the virtualenv (default `$TRACEGATE_PYTHON`, else `python3`). */
  readonly python?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

/** A ready virtualenv: its `bin` directory and whether it already existed. */
export interface Virtualenv {
  readonly dir: string;
  readonly bin: string;
  readonly cached: boolean;
}

/** Whether the virtualenv at `dir` was completely installed. */
export function virtualenvReady(dir: string): boolean {
  return existsSync(join(dir, MARKER));
}

/**
 * Creates a virtualenv and pip-installs into it once (under a lock shared by concurrent runs); later calls reuse it.
 * @example
 * const venv = await ensureVirtualenv({ dir, install: ['-r', requirements], purpose: 'service api', log });
 * spawn(join(venv.bin, 'python'), ['-m', 'api']);
 */
export async function ensureVirtualenv(options: VirtualenvOptions): Promise<Virtualenv> {
  const { dir } = options;
  const bin = join(dir, 'bin');
  const marker = join(dir, MARKER);
  if (existsSync(marker)) return { dir, bin, cached: true };
  const python = await probePython(options.python ?? options.env?.TRACEGATE_PYTHON ?? 'python3', {
    ...(options.env ? { env: options.env } : {}),
  });
  const missing = virtualenvPrerequisites(python, { purpose: options.purpose });
  if (missing) throw missing;
  return withLock(`${dir}.lock`, async () => {
    if (existsSync(marker)) return { dir, bin, cached: true };
    const startedAt = Date.now();
    options.log(`${options.purpose}: pip install ${options.install.join(' ')} into ${dir} (first run only)`);
    rmSync(dir, { recursive: true, force: true });
    await step('python3 -m venv', probeValue(python)?.command ?? 'python3', ['-m', 'venv', dir]);
    await step('pip install', join(bin, 'pip'), ['install', '-q', '--disable-pip-version-check', ...options.install]);
    writeFileSync(marker, `${options.install.join(' ')}\n`);
    options.log(`${options.purpose}: virtualenv ready in ${seconds(Date.now() - startedAt)}`);
    return { dir, bin, cached: false };
  });
}

async function step(label: string, command: string, args: string[]): Promise<void> {
  const result = await runCommand(command, args, { timeoutMs: 10 * 60_000 });
  if (result?.code !== 0) {
    const output = result ? tail(`${result.stdout}\n${result.stderr}`) : `  | ${command} not found`;
    throw new HarnessError('PROVISION_FAILED', `${label} failed:\n${output}`);
  }
}
