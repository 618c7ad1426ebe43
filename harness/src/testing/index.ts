// `@tracegate/harness/testing`: the gate test kit and the gates other workspaces' tests run directly. Source only
// (the `tracegate-source` condition); it is not part of the built package.
export { startAsyncApiTrafficTap } from '../contracts/traffic-tap.ts';
export { gateContext, REPO_ROOT, writeTempDocument } from '../gates/contract-documents/testing.ts';
export { pactConsumersGate } from '../gates/pact-consumers/gate.ts';
export { pactProviderGate } from '../gates/pact-provider/gate.ts';
export { verifyProvider } from '../gates/pact-provider/verify-provider.ts';
export { schemathesisGate } from '../gates/schemathesis/gate.ts';
