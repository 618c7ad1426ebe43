import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { type ConfigPath, type Position, parsePositions } from '../config/locate.ts';
import type { LoadedConfig } from '../config/types.ts';
import {
  failureReasons,
  githubAnnotations,
  type LocateFailure,
  renderFailures,
  type SourceLocation,
} from '../report/failures.ts';
import type { VerifyReport } from '../report/types.ts';

/** Locates failures in the sources a person edits: a scenario in the config, a breaking change in its contract. */
export function failureLocator(loaded: LoadedConfig): LocateFailure {
  const find = yamlFinder();
  return ({ scenario, evidence }) => {
    if (scenario !== undefined) {
      const index = loaded.config.scenarios?.findIndex((s) => s.name === scenario) ?? -1;
      return index === -1 ? undefined : toLocation(find(loaded.path, ['scenarios', index]));
    }
    const diff = evidence?.find((e) => e.kind === 'schema-diff');
    const change = diff?.changes.find(blocksMerge);
    if (!diff || !change) return undefined;
    return toLocation(find(resolve(loaded.dir, diff.document), dottedPath(change.path)));
  };
}

/** Reads each YAML file once; positions of the deepest existing node along a path. */
function yamlFinder(): (file: string, path: readonly string[] | ConfigPath) => Position | undefined {
  const parsed = new Map<string, ReturnType<typeof parsePositions> | undefined>();
  return (file, path) => {
    if (!parsed.has(file)) parsed.set(file, load(file));
    const doc = parsed.get(file);
    for (let depth = path.length; doc && depth >= 0; depth--) {
      const at = doc.find(path.slice(0, depth));
      if (at) return at;
    }
    return undefined;
  };
}

function load(file: string): ReturnType<typeof parsePositions> | undefined {
  if (!/\.ya?ml$/.test(file) || !existsSync(file)) return undefined;
  try {
    return parsePositions(readFileSync(file, 'utf8'), file);
  } catch {
    return undefined;
  }
}

/** `paths./orders.get.responses` → ['paths', '/orders', 'get', 'responses']; odd keys fall back to an ancestor. */
function dottedPath(dotted: string): string[] {
  return dotted.split('.');
}

function toLocation(position: Position | undefined): SourceLocation | undefined {
  return position ? { file: position.file, line: position.line, column: position.column } : undefined;
}

/**
 * Per failed check, the reason a person can act on; in GitHub Actions also as annotations on the file and line
 * (TRACEGATE_ANNOTATIONS=false leaves annotating to the caller, as the tracegate Action does).
 */
export function explainFailures(
  report: VerifyReport,
  loaded: LoadedConfig,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const root = env.GITHUB_WORKSPACE ?? process.cwd();
  const locate = failureLocator(loaded);
  const reasons = failureReasons(report, (failure) => {
    const at = locate(failure);
    return at ? { ...at, file: relative(root, at.file) } : undefined;
  });
  if (reasons.length === 0) return '';
  const annotate = env.GITHUB_ACTIONS === 'true' && env.TRACEGATE_ANNOTATIONS !== 'false';
  const annotations = annotate ? `${githubAnnotations(reasons)}\n` : '';
  return `\nWhy it failed:\n\n${renderFailures(reasons)}\n${annotations}`;
}

/** A change that fails the gate: an error that no live waiver covers. */
function blocksMerge(change: { readonly severity: string; readonly waiver?: { readonly expired: boolean } }): boolean {
  return change.severity === 'error' && (change.waiver === undefined || change.waiver.expired);
}
