// `npm run bench`: runs every benchmark in BENCHES one after another, each beside its anchor in the same run, prints
// one table and writes reports/bench.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { traceAssertionBenches } from '@tracegate/trace-assertions/bench';
import { renderBenchTable } from './table.ts';

type Bench = ReturnType<typeof traceAssertionBenches>[number];
type BenchResult = Awaited<ReturnType<Bench['run']>>[number];

/** Every benchmark `npm run bench` runs, in order; add other workspaces' benches here. */
const BENCHES: readonly Bench[] = [...traceAssertionBenches()];

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
for (const bench of BENCHES) {
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
