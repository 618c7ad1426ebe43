export { type BenchReport, runBenches } from './run-benches.ts';
export { renderBenchTable } from './table.ts';
