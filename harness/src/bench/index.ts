export { type EventValidationBenchOptions, eventValidationBench } from './event-validation.ts';
export { type BenchReport, runBenches } from './run-benches.ts';
export { renderBenchTable } from './table.ts';
