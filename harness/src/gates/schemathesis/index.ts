export { schemathesisGate } from './gate.ts';
export { countRequests, parseCurl, readJUnitFailures } from './read-reports.ts';
export type { SchemathesisFailure } from './read-reports.ts';
export { runSchemathesis } from './run-schemathesis.ts';
export type { SchemathesisRun } from './run-schemathesis.ts';
