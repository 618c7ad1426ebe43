// actionlint, built once with Go from the module proxy into the project cache, the way the Jaeger provisioner
// builds Jaeger: `${TRACEGATE_CACHE:-~/.cache/tracegate}/actionlint/<version>/actionlint`.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { PrerequisiteError } from '../src/errors.ts';
import { cacheRoot } from '../src/provision/cache.ts';
import { withLock } from '../src/provision/lock.ts';
import { runCommand, tail } from '../src/provision/run-command.ts';

/** The pinned actionlint module version. */
export const ACTIONLINT_VERSION = 'v1.7.12';

/** Path of a cached actionlint binary, building it first when missing. */
export async function actionlintBinary(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = join(cacheRoot(env), 'actionlint', ACTIONLINT_VERSION);
  const target = join(dir, 'actionlint');
  if (existsSync(target)) return target;
  return withLock(`${target}.lock`, async () => {
    if (existsSync(target)) return target;
    const staging = join(dir, `build-${process.pid}`);
    mkdirSync(staging, { recursive: true });
    const module = `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`;
    const build = await runCommand('go', ['install', module], {
      env: { ...env, GOBIN: staging, CGO_ENABLED: '0' },
      timeoutMs: 10 * 60_000,
    });
    if (build === undefined) {
      throw new PrerequisiteError('actionlint is built with Go: install Go 1.24+ (https://go.dev/dl)', ['go']);
    }
    if (build.code !== 0) throw new Error(`go install ${module} failed:\n${tail(build.stderr)}`);
    renameSync(join(staging, 'actionlint'), target);
    return target;
  });
}
