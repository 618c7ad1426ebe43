export { schemathesisGate } from './gate.ts';
export type { SchemathesisFailure } from './read-reports.ts';
export { countRequests, parseCurl, readJUnitFailures } from './read-reports.ts';
export type { SchemathesisRun } from './run-schemathesis.ts';
export { runSchemathesis } from './run-schemathesis.ts';
