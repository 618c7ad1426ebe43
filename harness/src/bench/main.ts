// `npm run bench`: runs every benchmark in BENCHES one after another, each beside its anchor in the same run, prints
// one table and writes reports/bench.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { traceAssertionBenches } from '@tracegate/trace-assertions/bench';
import { renderBenchTable } from './table.ts';

type Bench = ReturnType<typeof traceAssertionBenches>[number];
type BenchResult = Awaited<ReturnType<Bench['run']>>[number];

/**
 * Benches of workspaces that depend on the harness themselves (a static import would make the project references
 * circular): loaded by path, each module exporting the named function that returns its benches.
 */
const WORKSPACE_BENCHES: ReadonlyArray<{ readonly module: string; readonly factory: string }> = [
  { module: '../../../reference-service/bench/index.ts', factory: 'referenceServiceBenches' },
];

async function workspaceBenches(): Promise<Bench[]> {
  const benches: Bench[] = [];
  for (const { module, factory } of WORKSPACE_BENCHES) {
    const loaded = (await import(new URL(module, import.meta.url).href)) as Record<string, unknown>;
    const create = loaded[factory];
    if (typeof create !== 'function') throw new TypeError(`${module} does not export ${factory}()`);
    benches.push(...(create() as Bench[]));
  }
  return benches;
}

/** Every benchmark `npm run bench` runs, in order; add other workspaces' benches here. */
const BENCHES: readonly Bench[] = [...traceAssertionBenches(), ...(await workspaceBenches())];

// `npm run bench -- --only <text>` runs the benches whose name contains the text.
const { values: args } = parseArgs({ options: { only: { type: 'string' } } });
const selected = BENCHES.filter((bench) => args.only === undefined || bench.name.includes(args.only));

function machine(loadBefore: readonly number[]) {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    totalMemoryMiB: Math.round(totalmem() / 1024 / 1024),
    // The 1/5/15-minute load averages before and after: other work on the machine shows here.
    loadAverageBefore: loadBefore.map((v) => Number(v.toFixed(2))),
    loadAverageAfter: loadavg().map((v) => Number(v.toFixed(2))),
    date: new Date().toISOString(),
  };
}

const loadBefore = loadavg();
const results: BenchResult[] = [];
const errors: Array<{ bench: string; error: string }> = [];
for (const bench of selected) {
  process.stderr.write(`running: ${bench.name}\n`);
  try {
    results.push(...(await bench.run()));
  } catch (error) {
    errors.push({ bench: bench.name, error: error instanceof Error ? error.message : String(error) });
  }
}
const report = { results, errors, machine: machine(loadBefore) };
const reportDir = new URL('../../../reports/', import.meta.url);
mkdirSync(reportDir, { recursive: true });
writeFileSync(new URL('bench.json', reportDir), `${JSON.stringify(report, null, 2)}\n`);
const m = report.machine;
process.stdout.write(
  `\nnode ${m.node} · ${m.platform} · ${m.cpus} CPUs · load ${m.loadAverageBefore.join(' ')} → ${m.loadAverageAfter.join(' ')}\n`,
);
process.stdout.write(`${renderBenchTable(results)}\n`);
for (const { bench, error } of errors) process.stdout.write(`error in ${bench}: ${error}\n`);
process.stdout.write('written: reports/bench.json\n');
process.exitCode = errors.length > 0 ? 1 : 0;
