import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  loadTraceSpecFile,
  runTraceSpecs,
  startOtlpReceiver,
  type TraceSpecResult,
  toJUnit,
} from '@tracegate/trace-assertions';
import { HarnessError } from '../errors.ts';

/**
 * `tracegate spec FILE… --base-url URL`: runs declarative YAML trace specs against a running service that exports
 * its spans to the OTLP receiver this command opens (gRPC :4317 and HTTP :4318 unless told otherwise).
 */
export async function runSpecCommand(argv: readonly string[]): Promise<number> {
  const args = parseSpecArgs(argv);
  const specs = await Promise.all(args.files.map((file) => loadSpec(resolve(file))));
  const receiver = await startOtlpReceiver({ grpcPort: port(args.grpcPort), httpPort: port(args.httpPort) });
  const interrupt = onInterrupt();
  try {
    process.stderr.write(
      `tracegate spec: receiving OTLP at ${receiver.grpcEndpoint} (gRPC) and ${receiver.httpEndpoint} (HTTP)\n`,
    );
    const results = await runTraceSpecs(specs, { baseUrl: args.baseUrl, receiver, signal: interrupt.signal });
    mkdirSync(args.reports, { recursive: true });
    const junit = join(args.reports, 'trace-specs-junit.xml');
    writeFileSync(junit, toJUnit(results));
    printResults(results, junit);
    return results.every((r) => r.ok) ? 0 : 2;
  } finally {
    interrupt.dispose();
    await receiver.close();
  }
}

/** The command line, with the base URL and at least one spec file required. */
function parseSpecArgs(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'base-url': { type: 'string' },
      'otlp-grpc-port': { type: 'string', default: '4317' },
      'otlp-http-port': { type: 'string', default: '4318' },
      reports: { type: 'string', default: process.env.TRACEGATE_REPORTS_DIR ?? 'reports' },
    },
  });
  const baseUrl = values['base-url'] ?? process.env.TRACEGATE_BASE_URL;
  if (!baseUrl) throw new HarnessError('USAGE', 'tracegate spec: --base-url URL of the service under test is required');
  if (positionals.length === 0) throw new HarnessError('USAGE', 'tracegate spec: give one or more YAML spec files');
  const { 'otlp-grpc-port': grpcPort, 'otlp-http-port': httpPort, reports } = values;
  return { baseUrl, files: positionals, grpcPort, httpPort, reports };
}

/** One line per spec (with what failed), then the totals. */
function printResults(results: readonly TraceSpecResult[], junit: string): void {
  for (const result of results) {
    const failed = result.results.filter((r) => !r.ok).map((r) => r.selector);
    const chain = result.chain && !result.chain.ok ? [`chain broken at ${result.chain.firstBroken?.label}`] : [];
    const requests = (result.requests ?? []).flatMap((r) => (r.error ? [r.error] : []));
    const problems = [...requests, ...failed, ...chain];
    process.stdout.write(
      `${result.ok ? 'passed' : 'FAILED'}  ${result.name}  (trace ${result.traceId})${problems.length ? `\n        ${problems.join('\n        ')}` : ''}\n`,
    );
  }
  process.stdout.write(
    `${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length} failed — ${junit}\n`,
  );
}

/** Ctrl-C (or SIGTERM) cancels the running spec's requests and waits; the receiver still closes. */
function onInterrupt(): { signal: AbortSignal; dispose: () => void } {
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void =>
    abort.abort(new HarnessError('INTERRUPTED', `tracegate spec: ${signal}, stopped`));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

async function loadSpec(path: string): ReturnType<typeof loadTraceSpecFile> {
  try {
    return await loadTraceSpecFile(path);
  } catch (error) {
    throw new HarnessError('CONFIG_INVALID', (error as Error).message, { cause: error });
  }
}

function port(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new HarnessError('USAGE', `not a port: ${value}`);
  return n;
}
