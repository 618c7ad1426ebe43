import { resolve } from 'node:path';
import type { ContractConfig } from '../../config/types.ts';
import type { CheckResult } from '../../report/types.ts';
import type { Gate } from '../types.ts';
import { compareContract } from './compare-contract.ts';
import { readWaivers } from './waivers.ts';

/** TRACEGATE_BREAKING_BASE: a git ref whose copy of each contract replaces `released` (e.g. a PR's base branch). */
function baseRef(): string | undefined {
  return process.env.TRACEGATE_BREAKING_BASE?.trim() || undefined;
}

/** Compares the contracts with their released versions (`contracts.*.released`) and fails on unannounced breaking changes. */
export const breakingChangesGate: Gate = {
  name: 'breaking-changes',
  description:
    'No breaking OpenAPI (oasdiff rules) or AsyncAPI (direction-aware) change against the released contracts without a new major version',
  needs: [],
  applies(loaded) {
    const { openapi, asyncapi } = loaded.config.contracts ?? {};
    return openapi?.released || asyncapi?.released || (baseRef() && (openapi || asyncapi))
      ? { ok: true }
      : { ok: false, reason: 'no contracts.openapi.released or contracts.asyncapi.released in the config' };
  },
  async run({ loaded, log }) {
    const { openapi, asyncapi } = loaded.config.contracts ?? {};
    const settings = loaded.config.gates?.['breaking-changes'] ?? {};
    const waivers = settings.waivers ? readWaivers(resolve(loaded.dir, settings.waivers)) : [];
    const options = {
      waivers,
      log,
      ...(settings.failOn ? { failOn: settings.failOn } : {}),
      ...(settings.severities ? { severities: settings.severities } : {}),
    };
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
      checks.push(await compareContract({ kind, path: contract.path, released, dir: loaded.dir, ...options }));
    }
    const changes = checks.flatMap((c) => c.evidence ?? []).flatMap((e) => (e.kind === 'schema-diff' ? e.changes : []));
    const count = (severity: string) => changes.filter((c) => c.severity === severity).length;
    const waived = changes.filter((c) => c.waiver && !c.waiver.expired).length;
    return {
      checks,
      details: {
        summary: `${count('error')} error, ${count('warning')} warning, ${count('info')} info of ${changes.length} changes (${waived} waived)`,
      },
    };
  },
};
