// A real Jaeger v2 (all-in-one, in-memory storage) for tests of the Jaeger query adapter.
//
// Jaeger v2 publishes no prebuilt binary on a package registry, but its source is a Go module: the Go module proxy
// serves `github.com/jaegertracing/jaeger` (Jaeger v2 is cut from the same commit as the v1.x module tag: module
// v1.76.0 is Jaeger v2.13.0; there is no `/v2` module path) and `cmd/jaeger` in it is the v2 binary.
// `go install …@version` refuses the module (its go.mod has a `replace`), so we `go build` inside the downloaded
// module directory instead, where it is the main module (`go-binary.ts`). One build: ~3 min on 2 cores with an empty Go cache
// (downloads included), ~15 s with a warm one. The binary is cached under
// `${TRACEGATE_CACHE:-~/.cache/tracegate}/jaeger/<version>/jaeger`; `TRACEGATE_JAEGER_BIN` overrides all of it.
//
// Run `node harness/src/provision/jaeger.ts` to build (or find) the binary ahead of a test run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HarnessError } from '../errors.ts';
import { track } from './cleanup.ts';
import { type GoBinary, goBinary, goBinaryCachePath } from './go-binary.ts';
import { createLineLog } from './line-log.ts';
import { logToStderr, seconds } from './log.ts';
import { freePorts } from './ports.ts';
import { sleep } from './sleep.ts';
import { spawnSupervised } from './supervise.ts';
import type { ProcessExit } from './types.ts';

/** Go module version of github.com/jaegertracing/jaeger whose cmd/jaeger is Jaeger v2.13.0. */
export const DEFAULT_JAEGER_MODULE_VERSION = 'v1.76.0';
const MODULE = 'github.com/jaegertracing/jaeger';
const BIND_ATTEMPTS = 3;

/** A Jaeger v2 binary on this machine (`version` is 'custom' for TRACEGATE_JAEGER_BIN). */
export type JaegerBinary = GoBinary;

/** A running Jaeger v2 all-in-one with in-memory storage, on free 127.0.0.1 ports. */
export interface JaegerHandle {
  /** Query service (UI, `/api/traces/{id}`, `/api/v3/traces/{id}`), e.g. http://127.0.0.1:41234. */
  readonly queryUrl: string;
  /** OTLP/gRPC receiver, e.g. http://127.0.0.1:41235. */
  readonly otlpGrpcUrl: string;
  /** OTLP/HTTP receiver base, e.g. http://127.0.0.1:41236 (POST /v1/traces). */
  readonly otlpHttpUrl: string;
  readonly pid: number;
  /** The last lines Jaeger printed, for failure messages. */
  logTail(count?: number): string;
  stop(): Promise<ProcessExit>;
}

/** Options of jaegerBinary. */
export interface JaegerBinaryOptions {
  readonly version?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Upper bound of a build (default 15 min). */
  readonly buildTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** Where the binary of `version` is cached. */
export function jaegerCachePath(version = DEFAULT_JAEGER_MODULE_VERSION, env: NodeJS.ProcessEnv = process.env): string {
  return goBinaryCachePath('jaeger', version, env);
}

/**
 * Finds the Jaeger v2 binary (`$TRACEGATE_JAEGER_BIN`, else the cache) or builds it with Go from the module proxy.
 * Throws a PrerequisiteError when neither is possible (no Go toolchain), a ProbeError when `go` fails or does not
 * answer, PROVISION_FAILED when the build fails.
 */
export async function jaegerBinary(options: JaegerBinaryOptions = {}): Promise<JaegerBinary> {
  const env = options.env ?? process.env;
  return goBinary({
    name: 'jaeger',
    module: MODULE,
    version: options.version ?? env.TRACEGATE_JAEGER_VERSION ?? DEFAULT_JAEGER_MODULE_VERSION,
    pkg: './cmd/jaeger',
    overrideVar: 'TRACEGATE_JAEGER_BIN',
    env,
    ...(options.buildTimeoutMs === undefined ? {} : { buildTimeoutMs: options.buildTimeoutMs }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
}

function config(ports: { http: number; grpc: number; otlpGrpc: number; otlpHttp: number }): string {
  // The all-in-one defaults (cmd/jaeger/internal/all-in-one.yaml) minus the fixed ports we do not need.
  return `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: info
extensions:
  jaeger_query:
    storage:
      traces: memstore
    max_clock_skew_adjust: 0s
    # on by default in v2: it would export the query service's own spans to localhost:4317 (and stall shutdown)
    enable_tracing: false
    http:
      endpoint: 127.0.0.1:${ports.http}
    grpc:
      endpoint: 127.0.0.1:${ports.grpc}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${ports.otlpGrpc}
      http:
        endpoint: 127.0.0.1:${ports.otlpHttp}
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}

/**
 * Starts Jaeger v2 all-in-one (OTLP receivers + query service, in-memory storage) on free ports.
 * @example
 * const jaeger = await startJaeger((await jaegerBinary()).path);
 * // export to jaeger.otlpGrpcUrl, query jaeger.queryUrl
 * await jaeger.stop();
 */
export async function startJaeger(binary: string, options: { timeoutMs?: number } = {}): Promise<JaegerHandle> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const base = mkdtempSync(join(tmpdir(), 'tracegate-jaeger-'));
  const untrack = track({ label: `jaeger ${base}`, afterSync: () => rmSync(base, { recursive: true, force: true }) });
  const removeAll = () => {
    rmSync(base, { recursive: true, force: true });
    untrack();
  };
  try {
    for (let attempt = 1; ; attempt++) {
      const started = await startOnce(binary, base, timeoutMs);
      if ('handle' in started) return { ...started.handle, stop: onceThen(started.handle.stop, removeAll) };
      if (!/address already in use/.test(started.lastOutput) || attempt >= BIND_ATTEMPTS) {
        throw new HarnessError(
          'SERVICE_START_FAILED',
          `jaeger ${started.problem}; its last output:\n${started.lastOutput}`,
        );
      }
    }
  } catch (error) {
    removeAll();
    throw error;
  }
}

/** One start on four free ports: the handle once it is ready, or why not with its last output. */
async function startOnce(
  binary: string,
  base: string,
  timeoutMs: number,
): Promise<{ handle: JaegerHandle } | { problem: string; lastOutput: string }> {
  const [http, grpc, otlpGrpc, otlpHttp] = (await freePorts(4)) as [number, number, number, number];
  const configPath = join(base, 'config.yaml');
  writeFileSync(configPath, config({ http, grpc, otlpGrpc, otlpHttp }));
  const server = await spawnSupervised(binary, ['--config', configPath], { label: `jaeger :${http}`, orphanDir: base });
  const output = createLineLog(2_000);
  let ready = false;
  const onLine = (line: string) => {
    if (line.includes('Everything is ready')) ready = true;
  };
  if (server.child.stdout) output.follow(server.child.stdout, onLine);
  if (server.child.stderr) output.follow(server.child.stderr, onLine);
  const queryUrl = `http://127.0.0.1:${http}`;
  const deadline = Date.now() + timeoutMs;
  while (!server.hasExited() && Date.now() < deadline && !(ready && (await answers(`${queryUrl}/api/services`)))) {
    await sleep(100);
  }
  if (ready && !server.hasExited()) {
    const handle: JaegerHandle = {
      queryUrl,
      otlpGrpcUrl: `http://127.0.0.1:${otlpGrpc}`,
      otlpHttpUrl: `http://127.0.0.1:${otlpHttp}`,
      pid: server.pid,
      logTail: (count) => output.tail(count),
      stop: () => server.stop({ timeoutMs: 10_000 }),
    };
    return { handle };
  }
  const problem = server.hasExited() ? 'exited before it was ready' : `was not ready within ${timeoutMs} ms`;
  await server.stop({ signal: 'SIGKILL' });
  return { problem, lastOutput: output.tail(20) };
}

/** `stop` made idempotent, running `after` once it has finished (whatever its outcome). */
function onceThen(stop: () => Promise<ProcessExit>, after: () => void): () => Promise<ProcessExit> {
  let stopped: Promise<ProcessExit> | undefined;
  return () => {
    stopped ??= stop().finally(after);
    return stopped;
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

if (import.meta.main) {
  const startedAt = Date.now();
  const binary = await jaegerBinary();
  logToStderr(
    `jaeger: ${binary.path} (${binary.version}) ${binary.buildMs === undefined ? 'cached' : `built in ${seconds(binary.buildMs)}`} after ${seconds(Date.now() - startedAt)}`,
  );
}
