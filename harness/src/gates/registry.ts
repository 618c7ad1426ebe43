import { correlationE2eGate } from './correlation-e2e/gate.ts';
import type { Gate } from './types.ts';

/** Every gate, in the order `tracegate verify` runs them. */
export const GATES: readonly Gate[] = [correlationE2eGate];

/** Names of all gates, for flag validation and help. */
export const GATE_NAMES: readonly string[] = GATES.map((g) => g.name);
