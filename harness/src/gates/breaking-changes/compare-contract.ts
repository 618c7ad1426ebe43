import { resolve } from 'node:path';
import type { CheckResult } from '../../report/types.ts';
import { readDocument } from '../contract-documents/read-document.ts';
import { diffAsyncApi } from './asyncapi-diff.ts';
import { diffOpenApi } from './openapi-diff.ts';
import { readReleased } from './released-source.ts';
import { infoVersion, majorOf } from './semver.ts';
import type { Change } from './types.ts';

/** One contract to compare: which kind, where the current document is, and where its released version is. */
export interface ContractComparison {
  readonly kind: 'openapi' | 'asyncapi';
  readonly path: string;
  readonly released: string;
  /** Directory relative paths resolve from (the config's). */
  readonly dir: string;
}

/** Compares a contract with its released version; fails on a breaking change that `info.version` does not announce with a new major. */
export async function compareContract(input: ContractComparison): Promise<CheckResult> {
  const started = performance.now();
  const current = readDocument(resolve(input.dir, input.path));
  const released = await readReleased(input.released, input.dir);
  const changes = (input.kind === 'openapi' ? diffOpenApi : diffAsyncApi)(released, current).map(tidy);
  const breaking = changes.filter((c) => c.breaking);
  const from = infoVersion(released);
  const to = infoVersion(current);
  const announced = (majorOf(to) ?? 0) > (majorOf(from) ?? 0);
  const failed = breaking.length > 0 && !announced;
  const ordered = [...breaking, ...changes.filter((c) => !c.breaking)];
  return {
    name: `${input.kind} ${input.path}: no breaking change against ${input.released} without a major version`,
    status: failed ? 'failed' : 'passed',
    durationMs: Math.round(performance.now() - started),
    message: summary({ breaking, changes, from, to, announced }),
    ...(changes.length > 0 ? { evidence: [{ kind: 'schema-diff', document: input.path, changes: ordered }] } : {}),
  };
}

function summary(input: {
  breaking: Change[];
  changes: Change[];
  from: string;
  to: string;
  announced: boolean;
}): string {
  const { breaking, changes, from, to, announced } = input;
  const versions = `${from} → ${to}`;
  if (breaking.length === 0) return `no breaking change (${changes.length} compatible changes; ${versions})`;
  const list = breaking.map((c) => `- ${c.path}: ${c.message} [${c.rule}]`).join('\n');
  if (announced) return `${breaking.length} breaking changes, announced by a new major version (${versions}):\n${list}`;
  return `${breaking.length} breaking changes without a major version bump (${versions}):\n${list}`;
}

function tidy(change: Change): Change {
  return { ...change, path: change.path.replace(/\s+$/, '') };
}
