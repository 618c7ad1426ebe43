import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HarnessError } from '../../errors.ts';
import { oasdiffBinary } from '../../provision/oasdiff.ts';
import { runCommand, tail } from '../../provision/run-command.ts';
import { toPointer } from '../contract-documents/json-pointer.ts';
import type { LocatedChange, Severity } from './types.ts';

/** One entry of `oasdiff changelog --format json`. */
interface OasdiffFinding {
  readonly id: string;
  readonly text: string;
  readonly comment?: string;
  readonly level: number;
  readonly operation?: string;
  readonly path?: string;
  readonly section?: string;
  readonly revisionSource?: { readonly line?: number };
}

const LEVELS: Record<number, Severity> = { 3: 'error', 2: 'warning', 1: 'info' };

/**
 * Every change oasdiff's rules find from the released OpenAPI document to the current one (`current` is a file;
 * the released document is written to a temporary file, as it may come from git, unless `releasedFile` holds it).
 */
export async function diffOpenApi(input: {
  released: unknown;
  releasedFile?: string;
  current: string;
  log?: (line: string) => void;
}): Promise<LocatedChange[]> {
  const binary = await oasdiffBinary(input.log ? { log: input.log } : {});
  // A scratch working directory also keeps oasdiff from picking up a stray .oasdiff.* config file.
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-oasdiff-'));
  try {
    const base = input.releasedFile ?? join(dir, 'released.json');
    if (input.releasedFile === undefined) writeFileSync(base, JSON.stringify(input.released));
    const args = ['changelog', base, input.current, '--format', 'json', '--level', 'INFO'];
    const result = await runCommand(binary.path, args, { cwd: dir, timeoutMs: 120_000 });
    if (result?.code !== 0) {
      const output = result ? tail(`${result.stdout}\n${result.stderr}`) : 'not found';
      throw new HarnessError('GATE_ERROR', `oasdiff ${args.join(' ')} failed:\n${output}`);
    }
    const findings = JSON.parse(result.stdout.trim() || '[]') as OasdiffFinding[];
    return findings.map(toChange);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function toChange(finding: OasdiffFinding): LocatedChange {
  const where = finding.path ? `${finding.operation ? `${finding.operation} ` : ''}${finding.path}` : undefined;
  const line = finding.revisionSource?.line;
  return {
    path: where ?? finding.section ?? 'document',
    rule: finding.id,
    message: finding.comment ? `${finding.text} (${finding.comment})` : finding.text,
    severity: LEVELS[finding.level] ?? 'info',
    ...(line ? { line } : { pointer: pointerOf(finding) }),
  };
}

/** Where a removal is judged in the current document: its operation, else its path item, else its section. */
function pointerOf(finding: OasdiffFinding): string {
  if (finding.path) {
    const segments = ['paths', finding.path, ...(finding.operation ? [finding.operation.toLowerCase()] : [])];
    return toPointer(segments);
  }
  return finding.section ? toPointer([finding.section]) : '';
}
