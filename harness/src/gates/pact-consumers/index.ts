export { pactConsumersGate, pactDir } from './gate.ts';
export type { PactFile, PactInteraction, UnreadablePact } from './pact-files.ts';
export { readPactDir, readPactFile, readPactFiles } from './pact-files.ts';
export { runVitest, vitestEntry } from './run-vitest.ts';
export type { PactsPublished } from './written-pacts.ts';
export { publishWrittenPacts, readWrittenPacts, WRITTEN_PACTS_MANIFEST } from './written-pacts.ts';
