export { pactProviderGate } from './gate.ts';
export { knownInteractions, unknownReason } from './known-interactions.ts';
export { mismatchText, type RawMismatch } from './mismatch-text.ts';
export { loadProviderModules, type ProviderModules } from './provider-catalog.ts';
export { loadProviderModule } from './provider-modules.ts';
export type {
  InteractionResult,
  ProviderCatalog,
  ProviderContext,
  ProviderStateInfo,
} from './types.ts';
export { parseVerification } from './verification-results.ts';
export { verifyProvider } from './verify-provider.ts';
