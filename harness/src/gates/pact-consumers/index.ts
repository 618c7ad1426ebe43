export { pactConsumersGate, pactDir } from './gate.ts';
export type { PactFile, PactInteraction } from './pact-files.ts';
export { clearPactFiles, readPactFiles } from './pact-files.ts';
export { runVitest, vitestEntry } from './run-vitest.ts';
