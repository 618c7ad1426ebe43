// A command-line tool built once with Go from the Go module proxy and cached under
// `${TRACEGATE_CACHE:-~/.cache/tracegate}/<name>/<version>/<name>`; an environment variable overrides all of it.
// `go install …@version` refuses modules whose go.mod has a `replace`, so the build runs inside the downloaded
// module directory, where the module is the main module.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError, PrerequisiteError, ProbeError } from '../errors.ts';
import { cacheRoot } from './cache.ts';
import { withLock } from './lock.ts';
import { logToStderr } from './log.ts';
import { type ProbeProblem, probeTrouble } from './probe-command.ts';
import { probeGo } from './probes.ts';
import { runCommand, tail } from './run-command.ts';

/** A Go-built binary on this machine. */
export interface GoBinary {
  readonly path: string;
  /** Go module version it was built from ('custom' when the override variable named it). */
  readonly version: string;
  /** How long the build took, when this call built it. */
  readonly buildMs?: number;
}

/** What to build: `module@version`'s package `pkg`, cached as `name`, overridable by `overrideVar`. */
export interface GoBinarySpec {
  readonly name: string;
  readonly module: string;
  readonly version: string;
  /** Package inside the module, e.g. `./cmd/jaeger` or `.`. */
  readonly pkg: string;
  /** Environment variable holding a ready binary, e.g. `TRACEGATE_JAEGER_BIN`. */
  readonly overrideVar: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Upper bound of a build (default 15 min). */
  readonly buildTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** Where the binary `name` of `version` is cached. */
export function goBinaryCachePath(name: string, version: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), name, version, name);
}

/**
 * Finds the binary (override variable, else the cache) or builds it with Go from the module proxy.
 * Throws a PrerequisiteError when Go is missing, a ProbeError when `go` fails or does not answer, PROVISION_FAILED
 * when the build fails.
 */
export async function goBinary(spec: GoBinarySpec): Promise<GoBinary> {
  const env = spec.env ?? process.env;
  const override = env[spec.overrideVar];
  if (override) {
    if (!existsSync(override)) {
      throw new HarnessError('PROVISION_FAILED', `${spec.overrideVar}=${override} does not exist`);
    }
    return { path: override, version: 'custom' };
  }
  const target = goBinaryCachePath(spec.name, spec.version, env);
  if (existsSync(target)) return { path: target, version: spec.version };
  return withLock(`${target}.lock`, async () => {
    if (existsSync(target)) return { path: target, version: spec.version };
    const startedAt = Date.now();
    await buildGoBinary(spec, target, env);
    return { path: target, version: spec.version, buildMs: Date.now() - startedAt };
  });
}

async function buildGoBinary(spec: GoBinarySpec, target: string, env: NodeJS.ProcessEnv): Promise<void> {
  const timeoutMs = spec.buildTimeoutMs ?? 15 * 60_000;
  const deadline = Date.now() + timeoutMs;
  const log = spec.log ?? logToStderr;
  const goVersion = await probeGo(env);
  if (goVersion.status !== 'found') throw goMissing(spec, goVersion);
  const at = `${spec.module}@${spec.version}`;
  log(`${spec.name}: building ${at} (${spec.pkg}) with ${goVersion.value} (cached afterwards)`);
  const download = await runCommand('go', ['mod', 'download', '-json', at], {
    env,
    timeoutMs: Math.max(1, deadline - Date.now()),
  });
  const dir = download?.code === 0 ? (JSON.parse(download.stdout) as { Dir?: string }).Dir : undefined;
  if (!dir) {
    throw new HarnessError(
      'PROVISION_FAILED',
      `go mod download ${at} failed:\n${tail(`${download?.stdout ?? ''}\n${download?.stderr ?? ''}`)}`,
    );
  }
  mkdirSync(join(target, '..'), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  const build = await runCommand('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', partial, spec.pkg], {
    cwd: dir,
    env: { ...env, CGO_ENABLED: '0' },
    timeoutMs: Math.max(1, deadline - Date.now()),
  });
  if (build?.code !== 0 || !existsSync(partial)) {
    rmSync(partial, { force: true });
    throw new HarnessError(
      'PROVISION_FAILED',
      `go build ${spec.pkg} (${at}) failed or exceeded ${timeoutMs} ms:\n${tail(build?.stderr ?? '')}`,
    );
  }
  renameSync(partial, target);
}

/** Go is not installed (install it), or is there but failed or did not answer (say so, no install advice). */
function goMissing(spec: GoBinarySpec, probe: ProbeProblem): HarnessError {
  const instead = `— or set ${spec.overrideVar} to the path of a prebuilt ${spec.name}`;
  const built = `${spec.name} is built from its Go module ${spec.module}`;
  if (probe.status === 'missing') {
    return new PrerequisiteError(
      `${built}: install Go 1.24+ (apt-get install golang-go, or https://go.dev/dl) ${instead}`,
      ['go>=1.24'],
    );
  }
  return new ProbeError(`${built}, and ${probeTrouble(probe)} ${instead}`, probe);
}
