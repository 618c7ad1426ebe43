import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors.ts';
import { cacheRoot } from './cache.ts';
import { withLock } from './lock.ts';
import { logToStderr, seconds } from './log.ts';
import { schemathesisPrerequisites } from './prerequisites.ts';
import { probeDocker, probePython } from './probes.ts';
import { runCommand, tail } from './run-command.ts';
import type { SchemathesisCommand } from './types.ts';

/** The Schemathesis release the harness installs (newest 4.x on PyPI when pinned). */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** Options of `schemathesis()`. */
export interface SchemathesisOptions {
  /** Environment to read `SCHEMATHESIS_BIN` and `DOCKER_HOST` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Skip the Docker probe (the venv is preferred when a test wants a local `st`). */
  docker?: boolean;
}

/** Directory of the project-local virtualenv that holds the pinned Schemathesis. */
export function schemathesisVenv(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'venv', `schemathesis-${SCHEMATHESIS_VERSION}`);
}

/**
 * Finds a way to run Schemathesis: `SCHEMATHESIS_BIN` → the Docker image → a pinned virtualenv (created on first use).
 * @example
 * const st = await schemathesis();
 * spawn(st.command[0], [...st.command.slice(1), 'run', 'openapi.yaml', '--url', baseUrl]);
 */
export async function schemathesis(options: SchemathesisOptions = {}): Promise<SchemathesisCommand> {
  const env = options.env ?? process.env;
  const bin = env.SCHEMATHESIS_BIN?.trim();
  if (bin) return { strategy: 'bin', command: [bin], version: await stVersion([bin]) };
  if (options.docker !== false && (await probeDocker(env)).reachable) {
    const image = `schemathesis/schemathesis:${SCHEMATHESIS_VERSION}`;
    return {
      strategy: 'docker',
      command: ['docker', 'run', '--rm', '--network', 'host', image],
      version: SCHEMATHESIS_VERSION,
    };
  }
  const st = await ensureVenv(env, options.log ?? logToStderr);
  return { strategy: 'venv', command: [st], version: SCHEMATHESIS_VERSION };
}

async function stVersion(command: string[]): Promise<string> {
  const [program = 'st', ...args] = command;
  const result = await runCommand(program, [...args, '--version'], { timeoutMs: 60_000 });
  if (result?.code !== 0) {
    throw new HarnessError(
      'MISSING_PREREQUISITE',
      `SCHEMATHESIS_BIN=${program} does not run: ${result ? tail(result.stderr || result.stdout, 3) : 'not found'}`,
    );
  }
  return /(\d+\.\d+\.\d+\S*)/.exec(result.stdout)?.[1] ?? result.stdout.trim();
}

/** Creates the pinned virtualenv once (under a lock) and returns the path of its `st`. */
async function ensureVenv(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string> {
  const venv = schemathesisVenv(env);
  const st = join(venv, 'bin', 'st');
  const marker = join(venv, '.tracegate-complete');
  if (existsSync(marker) && existsSync(st)) return st;
  const python = await probePython(env.TRACEGATE_PYTHON ?? 'python3');
  const missing = schemathesisPrerequisites(python);
  if (missing) throw missing;
  return withLock(`${venv}.lock`, async () => {
    if (existsSync(marker) && existsSync(st)) return st;
    const startedAt = Date.now();
    log(`schemathesis: installing schemathesis==${SCHEMATHESIS_VERSION} into ${venv} (first run only)`);
    rmSync(venv, { recursive: true, force: true });
    await step('python3 -m venv', python?.command ?? 'python3', ['-m', 'venv', venv]);
    const pip = join(venv, 'bin', 'pip');
    await step('pip install', pip, [
      'install',
      '-q',
      '--disable-pip-version-check',
      `schemathesis==${SCHEMATHESIS_VERSION}`,
    ]);
    writeFileSync(marker, `${SCHEMATHESIS_VERSION}\n`);
    log(`schemathesis: installed in ${seconds(Date.now() - startedAt)}`);
    return st;
  });
}

async function step(label: string, command: string, args: string[]): Promise<void> {
  const result = await runCommand(command, args, { timeoutMs: 10 * 60_000 });
  if (result?.code !== 0) {
    const output = result ? tail(`${result.stdout}\n${result.stderr}`) : `  | ${command} not found`;
    throw new HarnessError('PROVISION_FAILED', `${label} failed:\n${output}`);
  }
}
