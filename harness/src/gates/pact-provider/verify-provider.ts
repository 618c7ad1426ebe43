import { type MessageProviders, Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { StateHandlers } from './provider-modules.ts';
import type { InteractionResult } from './types.ts';
import { parseVerification } from './verification-results.ts';

/** Verifies HTTP and message interactions of one provider's pact files in one Verifier run. */
export async function verifyProvider(input: {
  provider: string;
  baseUrl: string;
  pactFiles: readonly string[];
  stateHandlers?: StateHandlers | undefined;
  messageProviders?: MessageProviders | undefined;
  broker?: { url: string; providerVersion: string; branch?: string | undefined } | undefined;
}): Promise<InteractionResult[]> {
  // The native core phones home unless told not to.
  process.env.PACT_DO_NOT_TRACK = 'true';
  const options: VerifierOptions = {
    provider: input.provider,
    providerBaseUrl: input.baseUrl,
    pactUrls: [...input.pactFiles],
    logLevel: 'error',
    ...(input.stateHandlers
      ? { stateHandlers: input.stateHandlers as NonNullable<VerifierOptions['stateHandlers']> }
      : {}),
    ...(input.messageProviders ? { messageProviders: input.messageProviders } : {}),
    ...(input.broker
      ? {
          pactBrokerUrl: input.broker.url,
          publishVerificationResult: true,
          providerVersion: input.broker.providerVersion,
          ...(input.broker.branch ? { providerVersionBranch: input.broker.branch } : {}),
        }
      : {}),
  };
  let output: string;
  try {
    output = String(await new Verifier(options).verifyProvider());
  } catch (error) {
    output = error instanceof Error ? error.message : String(error);
  }
  return parseVerification(output);
}
