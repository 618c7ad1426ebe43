import { breakingChangesGate } from './breaking-changes/gate.ts';
import { contractDocumentsGate } from './contract-documents/gate.ts';
import { correlationE2eGate } from './correlation-e2e/gate.ts';
import { effectsGate } from './effects/gate.ts';
import { pactConsumersGate } from './pact-consumers/gate.ts';
import { pactProviderGate } from './pact-provider/gate.ts';
import { schemathesisGate } from './schemathesis/gate.ts';
import type { Gate } from './types.ts';

/** Every gate, in the order `tracegate verify` runs them. */
export const GATES: readonly Gate[] = [
  contractDocumentsGate,
  breakingChangesGate,
  pactConsumersGate,
  pactProviderGate,
  schemathesisGate,
  correlationE2eGate,
  // Last: it checks the traffic every earlier gate caused.
  effectsGate,
];

/** Names of all gates, for flag validation and help. */
export const GATE_NAMES: readonly string[] = GATES.map((g) => g.name);
