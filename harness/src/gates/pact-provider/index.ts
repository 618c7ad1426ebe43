export { pactProviderGate } from './gate.ts';
export { loadProviderModule } from './provider-modules.ts';
export type { InteractionResult, ProviderContext } from './types.ts';
export { parseVerification } from './verification-results.ts';
export { verifyProvider } from './verify-provider.ts';
