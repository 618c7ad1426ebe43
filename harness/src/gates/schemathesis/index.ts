export { schemathesisGate } from './gate.ts';
export type { SchemathesisFailure } from './read-reports.ts';
export { parseCurl, readJUnitFailures } from './read-reports.ts';
export type { SchemathesisRun } from './run-schemathesis.ts';
export { runSchemathesis } from './run-schemathesis.ts';
export type { RunStats } from './run-stats.ts';
export { mergeRunStats, readRunStats } from './run-stats.ts';
export { DEFAULT_EDGE_VALUES, numericParameters, schemathesisToml } from './st-config.ts';
