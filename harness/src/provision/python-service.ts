import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HarnessError } from '../errors.ts';
import { cacheRoot } from './cache.ts';
import { logToStderr } from './log.ts';
import { ensureVirtualenv, type Virtualenv } from './virtualenv.ts';

/** Options of {@link pythonServiceEnv}. */
export interface PythonServiceOptions {
  /** The service, for messages. */
  readonly service: string;
  /** Absolute path of its pip requirements file (every dependency pinned with ==). */
  readonly requirements: string;
  /** Interpreter that creates the virtualenv (default `$TRACEGATE_PYTHON`, else `python3`). */
  readonly python?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

/** Where the virtualenv of a requirements file lives: one per content and interpreter, shared by every checkout. */
export function pythonServiceVenvDir(
  requirementsText: string,
  python: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const interpreter = python ?? env.TRACEGATE_PYTHON ?? 'python3';
  const hash = createHash('sha256').update(`${interpreter}\n${requirementsText}`).digest('hex').slice(0, 16);
  return join(cacheRoot(env), 'venv', `requirements-${hash}`);
}

/**
 * Installs a Python service's pinned requirements into a cached virtualenv and returns the environment that puts it
 * first on PATH, so `python` in the service's command is the virtualenv's.
 * @example
 * const { env } = await pythonServiceEnv({ service: 'shipping-service', requirements: '/repo/svc/requirements.txt' });
 * spawn('python', ['-m', 'shipping_service'], { env: { ...process.env, ...env } });
 */
export async function pythonServiceEnv(
  options: PythonServiceOptions,
): Promise<{ venv: Virtualenv; env: Record<string, string> }> {
  const base = options.env ?? process.env;
  let text: string;
  try {
    text = readFileSync(options.requirements, 'utf8');
  } catch (error) {
    throw new HarnessError(
      'CONFIG_INVALID',
      `service ${options.service}: python.requirements ${options.requirements} cannot be read`,
      { cause: error },
    );
  }
  const venv = await ensureVirtualenv({
    dir: pythonServiceVenvDir(text, options.python, base),
    install: ['-r', options.requirements],
    purpose: `service ${options.service}`,
    env: base,
    log: options.log ?? logToStderr,
    ...(options.python ? { python: options.python } : {}),
  });
  const path = [venv.bin, base.PATH].filter((p) => p).join(delimiter);
  return { venv, env: { PATH: path, VIRTUAL_ENV: venv.dir } };
}
