export { type EventValidationBenchOptions, eventValidationBench } from './event-validation.ts';
export { type DocumentGateRun, runDocumentGate } from './large-documents.ts';
export { type BenchReport, runBenches } from './run-benches.ts';
export { renderBenchTable } from './table.ts';
