// Runs benchmarks (each beside its anchor, in the same run), prints one table and writes reports/bench.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { Bench } from '@tracegate/trace-assertions/bench';
import { renderBenchTable } from './table.ts';

type BenchResult = Awaited<ReturnType<Bench['run']>>[number];

/** What {@link runBenches} writes to `reports/bench.json`. */
export interface BenchReport {
  readonly results: BenchResult[];
  readonly errors: Array<{ bench: string; error: string }>;
  readonly machine: ReturnType<typeof machine>;
}

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

/**
 * Runs the benches whose name contains `only` (all by default), one after another; a bench that throws is reported
 * as an error and the others still run. Writes `<reportsDir>/bench.json` and prints the table.
 */
export async function runBenches(
  benches: readonly Bench[],
  options: { only?: string | undefined; reportsDir: string },
): Promise<BenchReport> {
  const selected = benches.filter((bench) => options.only === undefined || bench.name.includes(options.only));
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
  mkdirSync(options.reportsDir, { recursive: true });
  writeFileSync(resolve(options.reportsDir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  const m = report.machine;
  process.stdout.write(
    `\nnode ${m.node} · ${m.platform} · ${m.cpus} CPUs · load ${m.loadAverageBefore.join(' ')} → ${m.loadAverageAfter.join(' ')}\n`,
  );
  process.stdout.write(`${renderBenchTable(results)}\n`);
  for (const { bench, error } of errors) process.stdout.write(`error in ${bench}: ${error}\n`);
  process.stdout.write(`written: ${resolve(options.reportsDir, 'bench.json')}\n`);
  return report;
}
