import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SchemathesisGateConfig } from '../../config/types.ts';
import { readDocument } from '../../contracts/read-document.ts';
import { HarnessError } from '../../errors.ts';
import { schemathesis } from '../../provision/schemathesis.ts';
import type { CheckResult } from '../../report/types.ts';
import type { Gate, GateContext } from '../types.ts';
import {
  type FigureStore,
  figureStore,
  figuresDir,
  firstRunSize,
  type RunFigure,
  readFigures,
  runFigure,
  writeFigures,
} from './budget.ts';
import { parseCurl, type SchemathesisFailure } from './read-reports.ts';
import { runSchemathesis, type SchemathesisRun } from './run-schemathesis.ts';
import { mergeRunStats, type RunStats } from './run-stats.ts';
import { DEFAULT_EDGE_VALUES, schemathesisToml } from './st-config.ts';

const DEFAULTS = {
  minRequests: 1000,
  maxExamples: 100,
  seed: 20261124,
  attempts: 3,
  phases: ['examples', 'coverage', 'fuzzing', 'stateful'],
  checks: ['all'],
  edgeValueProbability: 0.3,
};

/** Property-based API testing of the live service with Schemathesis; fails on any failed check or too few requests. */
export const schemathesisGate: Gate = {
  name: 'schemathesis',
  description:
    'Schemathesis (every phase and check, positive + negative data, numeric edge values, stateful links) finds no failure in the live API',
  needs: ['services'],
  applies(loaded) {
    return loaded.config.contracts?.openapi
      ? { ok: true }
      : { ok: false, reason: 'no contracts.openapi in the config' };
  },
  async run(context) {
    const settings = context.loaded.config.gates?.schemathesis ?? {};
    const service = targetService(context, settings);
    const st = await schemathesis({ log: context.log });
    const reportDir = join(context.reportsDir, 'schemathesis');
    mkdirSync(reportDir, { recursive: true });
    const configFile = writeStConfig(context, settings, reportDir);
    const minRequests = settings.minRequests ?? DEFAULTS.minRequests;
    const runs = await runUntilEnough(context, { settings, service, st, reportDir, minRequests, configFile });
    const requests = runs.reduce((n, r) => n + r.requests, 0);
    const failures = runs.flatMap((r) => r.failures);
    const stats = mergeRunStats(runs.map((r) => r.stats));
    const checks: CheckResult[] = failures.map((f) => failureCheck(f, service.url));
    checks.push(requestCountCheck({ runs, requests, minRequests, failures: failures.length, stats }));
    if (failures.length === 0) {
      checks.unshift({
        name: `schemathesis found no failure in ${service.name}`,
        status: 'passed',
        message: runs.map((r) => r.summary).join('; '),
      });
    }
    return {
      checks,
      details: {
        summary: `${requests} requests, ${failures.length} failures (Schemathesis ${st.version}, ${st.strategy})`,
        requests,
        phases: stats.phases,
        schemathesisChecks: stats.checks,
        operations: stats.operations,
        seeds: runs.map((r) => r.seed),
        junit: runs.map((r) => r.junit),
      },
    };
  },
};

function targetService(context: GateContext, settings: SchemathesisGateConfig): { name: string; url: string } {
  const { config } = context.loaded;
  const name = settings.service ?? config.pacts?.providerService ?? config.services[0]?.name ?? '';
  const running = context.env.services.get(name);
  if (!running)
    throw new HarnessError(
      'CONFIG_INVALID',
      `schemathesis: service ${name} is not running (set gates.schemathesis.service)`,
    );
  return { name, url: running.url };
}

/**
 * The request budget check. A run that found failures stops there, so a shortfall then is not judged (skipped, with
 * the reason): the failures are the result, a second red line for the same cause would only be noise.
 */
function requestCountCheck(input: {
  runs: readonly SchemathesisRun[];
  requests: number;
  minRequests: number;
  failures: number;
  stats: ReturnType<typeof mergeRunStats>;
}): CheckResult {
  const { runs, requests, minRequests } = input;
  const sent = `${requests} requests in ${runs.length} runs (seeds ${runs.map((r) => r.seed).join(', ')}; max-examples ${runs.map((r) => r.maxExamples).join(', ')})`;
  const enough = requests >= minRequests;
  const stoppedEarly = !enough && input.failures > 0;
  return {
    name: `schemathesis sent at least ${minRequests} requests`,
    status: enough ? 'passed' : stoppedEarly ? 'skipped' : 'failed',
    message: `${stoppedEarly ? `not judged: the run stopped at its first ${input.failures} failure(s); ` : ''}${sent}\n${describeStats(input.stats)}`,
  };
}

interface RunInput {
  readonly settings: SchemathesisGateConfig;
  readonly service: { name: string; url: string };
  readonly st: Awaited<ReturnType<typeof schemathesis>>;
  readonly reportDir: string;
  readonly minRequests: number;
  readonly configFile: string;
}

/**
 * Runs Schemathesis, and again with more examples and the next seed while fewer than `minRequests` were sent. The
 * first run is sized from the figures of earlier runs with the same inputs, so a warm run meets the budget at once.
 */
async function runUntilEnough(context: GateContext, input: RunInput): Promise<SchemathesisRun[]> {
  const { settings } = input;
  const openapi = resolve(context.loaded.dir, context.loaded.config.contracts?.openapi?.path ?? '');
  const runs: SchemathesisRun[] = [];
  const firstSeed = settings.seed ?? DEFAULTS.seed;
  const sizing = sizeFirstRun(context, input, openapi);
  let maxExamples = sizing.maxExamples;
  for (let attempt = 0; attempt < (settings.maxRuns ?? DEFAULTS.attempts); attempt += 1) {
    const seed = firstSeed + attempt;
    context.log(`schemathesis: st run --seed ${seed} --max-examples ${maxExamples} against ${input.service.url}`);
    const run = await runSchemathesis({
      st: input.st,
      openapi,
      baseUrl: input.service.url,
      seed,
      maxExamples,
      phases: settings.phases ?? DEFAULTS.phases,
      checks: settings.checks ?? DEFAULTS.checks,
      excludeChecks: settings.excludeChecks ?? [],
      configFile: input.configFile,
      reportDir: input.reportDir,
      label: `seed-${seed}`,
      timeoutMs: 15 * 60_000,
      signal: context.signal,
    });
    runs.push(run);
    const sent = runs.reduce((n, r) => n + r.requests, 0);
    if (run.failures.length > 0 || run.code !== 0 || sent >= input.minRequests || run.requests === 0) break;
    if (context.signal.aborted) break;
    // Grow by the shortfall, at most tenfold per run, so an unreachable target stays a bounded failure.
    const factor = Math.min(10, Math.max(1.5, ((input.minRequests - sent) / run.requests) * 1.2));
    maxExamples = Math.min(5_000, Math.ceil(maxExamples * factor));
  }
  rememberFigures(sizing.store, sizing.history, runs, context.log);
  return runs;
}

/** The first run's max-examples, from the figures kept for these inputs (document, config, settings, service, st version). */
function sizeFirstRun(
  context: GateContext,
  input: RunInput,
  openapi: string,
): { store: FigureStore; history: RunFigure[]; maxExamples: number } {
  const { settings } = input;
  const inputs = [openapi, input.configFile].map((path) => readFileSync(path, 'utf8'));
  // What decides the requests a seed generates; not the budget, the first size or whether the gate runs beside others.
  const generation = [
    input.st.version,
    settings.phases ?? DEFAULTS.phases,
    settings.checks ?? DEFAULTS.checks,
    settings.excludeChecks ?? [],
  ];
  const store = figureStore(figuresDir(context.cacheDir), [...inputs, JSON.stringify(generation), input.service.name]);
  const history = readFigures(store);
  const configured = settings.maxExamples ?? DEFAULTS.maxExamples;
  const seed = settings.seed ?? DEFAULTS.seed;
  const size = firstRunSize({ history, seed, configured, minRequests: input.minRequests });
  if (size.maxExamples !== configured)
    context.log(`schemathesis: first run with max-examples ${size.maxExamples} (${size.reason})`);
  return { store, history, maxExamples: size.maxExamples };
}

/** Keeps the figures of the runs that ran to their end (exit 0), so the next first run is sized to the budget. */
function rememberFigures(
  store: FigureStore,
  history: readonly RunFigure[],
  runs: readonly SchemathesisRun[],
  log: (line: string) => void,
): void {
  const complete = runs.filter((r) => r.code === 0 && r.failures.length === 0);
  if (complete.length === 0) return;
  try {
    writeFigures(store, [...history, ...complete.map((r) => runFigure(r))]);
  } catch (error) {
    log(`schemathesis: could not keep the run figures in ${store.file}: ${String(error)}`);
  }
}

/** Writes the run's `schemathesis.toml`: no crash cache, the numeric edge values bound to every integer or number parameter. */
function writeStConfig(context: GateContext, settings: SchemathesisGateConfig, reportDir: string): string {
  const openapi = resolve(context.loaded.dir, context.loaded.config.contracts?.openapi?.path ?? '');
  const toml = schemathesisToml({
    document: readDocument(openapi),
    edgeValues: settings.edgeValues ?? DEFAULT_EDGE_VALUES,
    probability: settings.edgeValueProbability ?? DEFAULTS.edgeValueProbability,
  });
  const file = join(reportDir, 'schemathesis.toml');
  writeFileSync(file, toml.text);
  if (toml.bound.length > 0) context.log(`schemathesis: numeric edge values bound to ${toml.bound.join(', ')}`);
  return file;
}

/** Phases with their outcome, the checks that ran, and requests per operation, for the report. */
export function describeStats(stats: RunStats): string {
  const phases = stats.phases
    .map((p) => `${p.name} (${p.status}${p.skipReason ? `: ${p.skipReason}` : ''})`)
    .join(', ');
  const operations = Object.entries(stats.operations)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, op]) => {
      const byPhase = Object.entries(op.byPhase).map(([phase, n]) => `${phase} ${n}`);
      return `  ${name}: ${op.requests} (${byPhase.join(', ')})`;
    });
  return [
    `phases: ${phases || 'none reported'}`,
    `checks (${stats.checks.length}): ${stats.checks.join(', ')}`,
    'requests per operation:',
    ...operations,
  ].join('\n');
}

function failureCheck(failure: SchemathesisFailure, baseUrl: string): CheckResult {
  const request = failure.curl ? parseCurl(failure.curl) : undefined;
  const status = /\[(\d{3})\]/.exec(failure.text)?.[1];
  return {
    name: `${failure.operation}: ${failure.code} ${firstLine(failure.text)}`,
    status: 'failed',
    message: failure.text.split('\n').slice(0, 14).join('\n'),
    evidence: [
      {
        kind: 'http-request',
        method: request?.method ?? failure.operation.split(' ')[0] ?? 'GET',
        url: request?.url || baseUrl,
        ...(request?.body === undefined ? {} : { body: request.body }),
        ...(failure.curl ? { curl: failure.curl } : {}),
        ...(status ? { response: { status: Number(status) } } : {}),
      },
    ],
  };
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim().startsWith('- '))
      ?.trim()
      .slice(2) ?? ''
  );
}
