import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { PactFile } from './pact-files.ts';

/** The file in `pacts.dir` naming the pact files the consumer gate wrote there (and so may replace or remove). */
export const WRITTEN_PACTS_MANIFEST = '.tracegate-pacts.json';

/** What moving a run's pacts into `pacts.dir` did. */
export interface PactsPublished {
  readonly written: readonly string[];
  /** Files an earlier run wrote that this run's consumer tests no longer produce. */
  readonly removed: readonly string[];
}

/** The pact file names the consumer gate wrote into `dir` in its last run (none when it never ran there). */
export function readWrittenPacts(dir: string): string[] {
  const path = join(dir, WRITTEN_PACTS_MANIFEST);
  if (!existsSync(path)) return [];
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files?: unknown };
    return Array.isArray(manifest.files) ? manifest.files.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    // A damaged manifest claims nothing: never delete on its word.
    return [];
  }
}

/**
 * Copies the pacts a run wrote (into its own staging directory) into `dir`, removes the files the previous run
 * wrote that this one did not, and records what it wrote. Files other teams put in `dir` are never touched.
 */
export function publishWrittenPacts(pacts: readonly PactFile[], dir: string): PactsPublished {
  mkdirSync(dir, { recursive: true });
  const written = pacts.map((p) => basename(p.path));
  for (const pact of pacts) copyFileSync(pact.path, join(dir, basename(pact.path)));
  const removed = readWrittenPacts(dir).filter((name) => !written.includes(name) && basename(name) === name);
  for (const name of removed) rmSync(join(dir, name), { force: true });
  const manifest = { writtenBy: 'tracegate pact-consumers', files: written };
  writeFileSync(join(dir, WRITTEN_PACTS_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { written, removed };
}
