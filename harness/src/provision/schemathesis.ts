import { join } from 'node:path';
import { HarnessError } from '../errors.ts';
import { cacheRoot } from './cache.ts';
import { logToStderr } from './log.ts';
import { probeDocker } from './probes.ts';
import { runCommand, tail } from './run-command.ts';
import type { SchemathesisCommand } from './types.ts';
import { ensureVirtualenv } from './virtualenv.ts';

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
  const venv = await ensureVirtualenv({
    dir: schemathesisVenv(env),
    install: [`schemathesis==${SCHEMATHESIS_VERSION}`],
    purpose: 'Schemathesis',
    env,
    log,
  });
  return join(venv.bin, 'st');
}
