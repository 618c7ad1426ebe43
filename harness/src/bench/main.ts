// `npm run bench`: runs every benchmark in BENCHES one after another and prints one table of figures.
import { cpus } from 'node:os';

type TraceAssertionBenches = typeof import('../../../trace-assertions/bench/index.ts');
type Bench = ReturnType<TraceAssertionBenches['traceAssertionBenches']>[number];

// Loaded by URL: a static import across workspaces cannot be rewritten by tsc (TS2878); the type import can.
const traceAssertions = new URL('../../../trace-assertions/bench/index.ts', import.meta.url).href;
const { traceAssertionBenches } = (await import(traceAssertions)) as TraceAssertionBenches;

/** Every benchmark `npm run bench` runs, in order; add other workspaces' benches here. */
const BENCHES: readonly Bench[] = [...traceAssertionBenches()];

function table(rows: ReadonlyArray<readonly [string, string, string]>): string {
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  const line = (row: readonly string[]) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  const [head, ...body] = rows;
  return [line(head ?? []), rule, ...body.map(line)].join('\n');
}

const rows: Array<readonly [string, string, string]> = [['benchmark', 'metric', 'value']];
let failed = false;
for (const bench of BENCHES) {
  process.stderr.write(`running: ${bench.name}\n`);
  try {
    const figures = await bench.run();
    for (const figure of figures) rows.push([bench.name, figure.metric, figure.value]);
  } catch (error) {
    failed = true;
    rows.push([bench.name, 'error', error instanceof Error ? error.message : String(error)]);
  }
}
process.stdout.write(`\nnode ${process.version} · ${process.platform}-${process.arch} · ${cpus().length} CPUs\n`);
process.stdout.write(`${table(rows)}\n`);
process.exitCode = failed ? 1 : 0;
