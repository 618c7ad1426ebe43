import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { LoadedConfig, TracegateConfig } from '../../config/types.ts';
import type { RunEnvironment, RunningService } from '../../run/types.ts';
import type { GateContext } from '../types.ts';

/** The repository root (tests read the reference and fixture contracts from it). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** A gate context for tests: a config as data, relative paths resolving from `dir`, an optional running environment. */
export function gateContext(input: {
  config: Partial<TracegateConfig>;
  dir?: string;
  services?: readonly RunningService[];
  kafkaBrokers?: string;
  reportsDir?: string;
  /** Default: a new temporary folder, so no test reads what another run kept in the harness cache. */
  cacheDir?: string;
  log?: (line: string) => void;
}): GateContext {
  const dir = input.dir ?? REPO_ROOT;
  const loaded: LoadedConfig = {
    config: { system: 'test', services: [{ name: 'none', baseUrl: 'http://127.0.0.1:9' }], ...input.config },
    path: join(dir, 'tracegate.config.yaml'),
    dir,
  };
  const env: RunEnvironment = {
    runId: 'tgtest',
    variables: {},
    services: new Map((input.services ?? []).map((s) => [s.name, s])),
    facts: {},
    // The contract gates never read spans.
    traces: { kind: 'backend', backend: undefined as never },
    ...(input.kafkaBrokers ? { kafka: { brokers: input.kafkaBrokers, strategy: 'external' } } : {}),
  };
  return {
    loaded,
    env,
    reportsDir: input.reportsDir ?? mkdtempSync(join(tmpdir(), 'tracegate-reports-')),
    cacheDir: input.cacheDir ?? mkdtempSync(join(tmpdir(), 'tracegate-cache-')),
    log: input.log ?? (() => {}),
    signal: new AbortController().signal,
  };
}

/** Writes a (mutated) contract document into a fresh temporary directory and returns its path. */
export function writeTempDocument(name: string, document: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tracegate-contract-')), name);
  writeFileSync(path, stringify(document));
  return path;
}
