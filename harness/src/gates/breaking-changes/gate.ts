import type { ContractConfig } from '../../config/types.ts';
import type { CheckResult } from '../../report/types.ts';
import type { Gate } from '../types.ts';
import { compareContract } from './compare-contract.ts';

/** TRACEGATE_BREAKING_BASE: a git ref whose copy of each contract replaces `released` (e.g. a PR's base branch). */
function baseRef(): string | undefined {
  return process.env.TRACEGATE_BREAKING_BASE?.trim() || undefined;
}

/** Compares the contracts with their released versions (`contracts.*.released`) and fails on unannounced breaking changes. */
export const breakingChangesGate: Gate = {
  name: 'breaking-changes',
  description: 'No breaking OpenAPI or AsyncAPI change against the released contracts without a new major version',
  needs: [],
  applies(loaded) {
    const { openapi, asyncapi } = loaded.config.contracts ?? {};
    return openapi?.released || asyncapi?.released || (baseRef() && (openapi || asyncapi))
      ? { ok: true }
      : { ok: false, reason: 'no contracts.openapi.released or contracts.asyncapi.released in the config' };
  },
  async run({ loaded }) {
    const { openapi, asyncapi } = loaded.config.contracts ?? {};
    const checks: CheckResult[] = [];
    const entries: ['openapi' | 'asyncapi', ContractConfig | undefined][] = [
      ['openapi', openapi],
      ['asyncapi', asyncapi],
    ];
    const base = baseRef();
    for (const [kind, contract] of entries) {
      // On a pull request the base branch is the release line to stay compatible with.
      const released = base && contract ? `git:${base}:${contract.path}` : contract?.released;
      if (!contract || !released) continue;
      checks.push(await compareContract({ kind, path: contract.path, released, dir: loaded.dir }));
    }
    const breaking = checks
      .flatMap((c) => c.evidence ?? [])
      .flatMap((e) => (e.kind === 'schema-diff' ? e.changes : []));
    return {
      checks,
      details: { summary: `${breaking.filter((c) => c.breaking).length} breaking of ${breaking.length} changes` },
    };
  },
};
