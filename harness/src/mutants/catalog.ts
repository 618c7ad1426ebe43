import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { HarnessError } from '../errors.ts';

/** One text substitution in a file of the repository; `find` must occur exactly once. */
export interface MutantEdit {
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}

/** One seeded defect: what it breaks, the config to verify, the gate meant to catch it, and its edits. */
export interface Mutant {
  readonly id: string;
  readonly description: string;
  /** tracegate config to verify, relative to the repository root (e.g. `fixtures/inventory-service/tracegate.config.yaml`). */
  readonly config: string;
  /** The gate meant to catch it. */
  readonly gate: string;
  /** Gates to run (default: all); a contract mutant needs no services. */
  readonly gates?: readonly string[];
  /** Part of the fast subset CI runs. */
  readonly ci?: boolean;
  readonly edits: readonly MutantEdit[];
}

/** Reads and checks the catalog (YAML list of mutants). */
export function readCatalog(file: string): Mutant[] {
  const raw = parse(readFileSync(file, 'utf8')) as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { mutants?: unknown } | null)?.mutants;
  if (!Array.isArray(list)) throw new HarnessError('CONFIG_INVALID', `${file}: expected a list of mutants`);
  const ids = new Set<string>();
  return list.map((entry, index) => {
    const mutant = entry as Mutant;
    const missing = ['id', 'description', 'config', 'gate', 'edits'].filter(
      (key) => (mutant as unknown as Record<string, unknown>)[key] === undefined,
    );
    if (missing.length > 0)
      throw new HarnessError('CONFIG_INVALID', `${file} mutant ${index + 1}: missing ${missing.join(', ')}`);
    if (ids.has(mutant.id)) throw new HarnessError('CONFIG_INVALID', `${file}: mutant id ${mutant.id} appears twice`);
    ids.add(mutant.id);
    return mutant;
  });
}

/** The files a mutant changes, with their mutated text; throws when a `find` does not occur exactly once under `root`. */
export function mutatedFiles(mutant: Mutant, root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const edit of mutant.edits) {
    const text = files.get(edit.file) ?? readFileSync(join(root, edit.file), 'utf8');
    const count = text.split(edit.find).length - 1;
    if (count !== 1) {
      throw new HarnessError(
        'CONFIG_INVALID',
        `mutant ${mutant.id}: ${edit.file} contains its find text ${count} times (expected once): ${JSON.stringify(edit.find.slice(0, 80))}`,
      );
    }
    files.set(
      edit.file,
      text.replace(edit.find, () => edit.replace),
    );
  }
  return files;
}
