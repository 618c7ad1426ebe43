import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MessageProviders } from '@pact-foundation/pact';
import { HarnessError } from '../../errors.ts';
import type { ProviderContext } from './types.ts';

/** Pact's state handlers (a state name → setup function or `{ setup, teardown }`). */
export type StateHandlers = Record<string, unknown>;

/** Imports a module named by the config (`pacts.stateHandlers` / `pacts.messageProviders`), relative to `dir`. */
export async function importConfiguredModule(input: {
  path: string;
  dir: string;
  key: string;
}): Promise<{ file: string; module: Record<string, unknown> }> {
  const file = resolve(input.dir, input.path);
  if (!existsSync(file)) throw new HarnessError('CONFIG_INVALID', `pacts.${input.key}: no module at ${file}`);
  return { file, module: (await import(pathToFileURL(file).href)) as Record<string, unknown> };
}

/**
 * Loads `pacts.stateHandlers` / `pacts.messageProviders`: a module exporting either the map itself (`stateHandlers`,
 * `messageProviders`) or a factory given the run's context (`createStateHandlers`, `createMessageProviders`).
 */
export async function loadProviderModule<T extends object>(input: {
  path: string | undefined;
  dir: string;
  exportName: 'stateHandlers' | 'messageProviders';
  context: ProviderContext;
}): Promise<T | undefined> {
  if (!input.path) return undefined;
  const { file, module } = await importConfiguredModule({ path: input.path, dir: input.dir, key: input.exportName });
  const factoryName = `create${input.exportName[0]?.toUpperCase()}${input.exportName.slice(1)}`;
  const factory = module[factoryName];
  if (typeof factory === 'function') return (await factory(input.context)) as T;
  const value = module[input.exportName];
  if (value && typeof value === 'object') return value as T;
  throw new HarnessError('CONFIG_INVALID', `${file} exports neither ${factoryName}(context) nor ${input.exportName}`);
}

export type { MessageProviders };
