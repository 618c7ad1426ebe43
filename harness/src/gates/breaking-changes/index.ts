export { diffAsyncApi } from './asyncapi-diff.ts';
export type { ContractComparison } from './compare-contract.ts';
export { compareContract } from './compare-contract.ts';
export { breakingChangesGate } from './gate.ts';
export { diffOpenApi } from './oasdiff-diff.ts';
export { readReleased } from './released-source.ts';
export type { Change, Direction, Severity } from './types.ts';
export type { Waiver } from './waivers.ts';
export { applyWaivers, readWaivers } from './waivers.ts';
