// oasdiff (github.com/oasdiff/oasdiff), the OpenAPI diff engine of the breaking-changes gate. It ships no npm
// package; the Go module proxy serves its source, built once into the cache like Jaeger (`go-binary.ts`):
// `${TRACEGATE_CACHE:-~/.cache/tracegate}/oasdiff/<version>/oasdiff`; `TRACEGATE_OASDIFF_BIN` overrides it.
//
// Run `node harness/src/provision/oasdiff.ts` to build (or find) the binary ahead of a run.
import { type GoBinary, goBinary } from './go-binary.ts';
import { logToStderr, seconds } from './log.ts';

/** Go module version of github.com/oasdiff/oasdiff the harness builds. */
export const DEFAULT_OASDIFF_VERSION = 'v1.37.0';

/** Options of oasdiffBinary. */
export interface OasdiffBinaryOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

/**
 * Finds the oasdiff binary (`$TRACEGATE_OASDIFF_BIN`, else the cache) or builds it with Go from the module proxy.
 * @example
 * const { path } = await oasdiffBinary();
 */
export function oasdiffBinary(options: OasdiffBinaryOptions = {}): Promise<GoBinary> {
  const env = options.env ?? process.env;
  return goBinary({
    name: 'oasdiff',
    module: 'github.com/oasdiff/oasdiff',
    version: env.TRACEGATE_OASDIFF_VERSION ?? DEFAULT_OASDIFF_VERSION,
    pkg: '.',
    overrideVar: 'TRACEGATE_OASDIFF_BIN',
    env,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
}

if (import.meta.main) {
  const startedAt = Date.now();
  const binary = await oasdiffBinary();
  logToStderr(
    `oasdiff: ${binary.path} (${binary.version}) ${binary.buildMs === undefined ? 'cached' : `built in ${seconds(binary.buildMs)}`} after ${seconds(Date.now() - startedAt)}`,
  );
}
