import { relative, resolve } from 'node:path';
import { readDocument } from '../../contracts/read-document.ts';
import { refersToOtherFiles } from '../../contracts/split-document.ts';
import type { CheckResult } from '../../report/types.ts';
import { diffAsyncApi } from './asyncapi-diff.ts';
import { diffOpenApi } from './oasdiff-diff.ts';
import { readReleased, withReleasedFile } from './released-source.ts';
import { infoVersion, majorOf } from './semver.ts';
import { sourceLines } from './source-lines.ts';
import type { Change, LocatedChange, Severity } from './types.ts';
import { applyWaivers, unwaived, type Waiver } from './waivers.ts';

/** One contract to compare: which kind, where the current document is, and where its released version is. */
export interface ContractComparison {
  readonly kind: 'openapi' | 'asyncapi';
  readonly path: string;
  readonly released: string;
  /** Directory relative paths resolve from (the config's). */
  readonly dir: string;
  readonly waivers?: readonly Waiver[];
  /** The lowest severity that fails the check (default `error`). */
  readonly failOn?: 'error' | 'warning';
  /** Severity per rule id, over the engine's own. */
  readonly severities?: Readonly<Record<string, Severity>>;
  readonly now?: Date;
  readonly log?: (line: string) => void;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Compares a contract with its released version; fails on a breaking change that `info.version` does not announce with a new major. */
export async function compareContract(input: ContractComparison): Promise<CheckResult> {
  const started = performance.now();
  const file = resolve(input.dir, input.path);
  const current = readDocument(file);
  const released = await readReleased(input.released, input.dir);
  const found = input.kind === 'openapi' ? await diffOpenApiOf(input, released, file) : diffAsyncApi(released, current);
  const changes = applyWaivers(place(found, file, input), input.waivers ?? [], input.now);
  const threshold = RANK[input.failOn ?? 'error'];
  const blocking = changes.filter((c) => RANK[c.severity] >= threshold && unwaived(c));
  const from = infoVersion(released);
  const to = infoVersion(current);
  const announced = (majorOf(to) ?? 0) > (majorOf(from) ?? 0);
  const ordered = [...changes].sort((a, b) => RANK[b.severity] - RANK[a.severity]);
  return {
    name: `${input.kind} ${input.path}: no breaking change against ${input.released} without a major version`,
    status: blocking.length > 0 && !announced ? 'failed' : 'passed',
    durationMs: Math.round(performance.now() - started),
    message: summary({ blocking, changes, versions: `${from} → ${to}`, announced }),
    ...(changes.length > 0 ? { evidence: [{ kind: 'schema-diff', document: input.path, changes: ordered }] } : {}),
  };
}

/**
 * oasdiff from the released document to the current file. A released document that names other files in its `$ref`s
 * is read as a file among them (for a git ref, the repository's files at that ref), so oasdiff resolves them.
 */
async function diffOpenApiOf(input: ContractComparison, released: Record<string, unknown>, file: string) {
  const log = input.log ? { log: input.log } : {};
  if (!refersToOtherFiles(released)) return diffOpenApi({ released, current: file, ...log });
  return withReleasedFile(input.released, input.dir, (releasedFile) =>
    diffOpenApi({ released, releasedFile, current: file, ...log }),
  );
}

/** Gives every change its `file:line` in the current document and the configured severity of its rule. */
function place(found: readonly LocatedChange[], file: string, input: ContractComparison): Change[] {
  const lines = sourceLines(
    file,
    undefined,
    found.flatMap(({ pointer, line }) => (line === undefined ? [pointer ?? ''] : [])),
  );
  const inside = relative(input.dir, file);
  const shown = inside && !inside.startsWith('..') ? inside : file;
  return found.map(({ pointer, line, ...change }) => ({
    ...change,
    path: change.path.replace(/\s+$/, ''),
    severity: input.severities?.[change.rule] ?? change.severity,
    location: `${shown}:${line ?? lines.lineOf(pointer ?? '')}`,
  }));
}

function summary(input: { blocking: Change[]; changes: Change[]; versions: string; announced: boolean }): string {
  const { blocking, changes, versions, announced } = input;
  const counts = (['error', 'warning', 'info'] as const)
    .map((s) => `${changes.filter((c) => c.severity === s).length} ${s}`)
    .join(', ');
  const waived = changes.filter((c) => c.waiver && !c.waiver.expired).length;
  const tally = `${counts}${waived > 0 ? `; ${waived} waived` : ''}; ${versions}`;
  if (blocking.length === 0) return `no breaking change (${tally})`;
  const list = blocking.map(describe).join('\n');
  if (announced) return `${blocking.length} breaking changes, announced by a new major version (${tally}):\n${list}`;
  return `${blocking.length} breaking changes without a major version bump (${tally}):\n${list}`;
}

function describe(c: Change): string {
  const expired = c.waiver?.expired ? ` — waiver expired on ${c.waiver.expires}, no longer waived` : '';
  return `- ${c.severity} ${c.location}: ${c.path}: ${c.message} [${c.rule}]${expired}`;
}
