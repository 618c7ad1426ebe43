export { diffAsyncApi } from './asyncapi-diff.ts';
export type { ContractComparison } from './compare-contract.ts';
export { compareContract } from './compare-contract.ts';
export { breakingChangesGate } from './gate.ts';
export { diffOpenApi } from './openapi-diff.ts';
export { readReleased } from './released-source.ts';
export type { Change, Direction } from './types.ts';
