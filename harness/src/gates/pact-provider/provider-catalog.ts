import { relative } from 'node:path';
import type { LoadedConfig } from '../../config/types.ts';
import { HarnessError } from '../../errors.ts';
import {
  importConfiguredModule,
  loadProviderModule,
  type MessageProviders,
  type StateHandlers,
} from './provider-modules.ts';
import type { ProviderCatalog, ProviderContext, ProviderStateInfo } from './types.ts';

/** A provider's loaded modules and what they say it can honour. */
export interface ProviderModules {
  readonly stateHandlers?: StateHandlers;
  readonly messageProviders?: MessageProviders;
  readonly catalog: ProviderCatalog;
}

/**
 * Loads the configured state-handler and message-provider modules for one provider and lists what they offer: the
 * state names (with the parameters and `fromProviderState` values the module's optional `providerStates` export
 * documents) and the message descriptions.
 * @example const { catalog } = await loadProviderModules(loaded, { provider: 'orders', baseUrl, serviceUrls: {} });
 */
export async function loadProviderModules(loaded: LoadedConfig, context: ProviderContext): Promise<ProviderModules> {
  const pacts = loaded.config.pacts ?? {};
  const base = { dir: loaded.dir, context };
  const stateHandlers = await loadProviderModule<StateHandlers>({
    ...base,
    path: pacts.stateHandlers,
    exportName: 'stateHandlers',
  });
  const messageProviders = await loadProviderModule<MessageProviders>({
    ...base,
    path: pacts.messageProviders,
    exportName: 'messageProviders',
  });
  const documented = pacts.stateHandlers ? await stateMetadata(pacts.stateHandlers, loaded.dir) : {};
  const catalog: ProviderCatalog = {
    provider: context.provider,
    states: Object.keys(stateHandlers ?? {}).map((name) => stateInfo(name, documented[name])),
    messages: Object.keys(messageProviders ?? {}),
    ...(pacts.stateHandlers ? { stateHandlersModule: pacts.stateHandlers } : {}),
    ...(pacts.messageProviders ? { messageProvidersModule: pacts.messageProviders } : {}),
  };
  return {
    ...(stateHandlers ? { stateHandlers } : {}),
    ...(messageProviders ? { messageProviders } : {}),
    catalog,
  };
}

type StateMetadata = Record<string, Omit<ProviderStateInfo, 'name'>>;

function stateInfo(name: string, documented: StateMetadata[string] | undefined): ProviderStateInfo {
  const { description, params, returns } = documented ?? {};
  return {
    name,
    ...(description === undefined ? {} : { description }),
    ...(params === undefined ? {} : { params }),
    ...(returns === undefined ? {} : { returns }),
  };
}

/** The optional `providerStates` export: state name → `{ description?, params?, returns? }` (all strings). */
async function stateMetadata(path: string, dir: string): Promise<StateMetadata> {
  const { file, module } = await importConfiguredModule({ path, dir, key: 'stateHandlers' });
  const value = module.providerStates;
  if (value === undefined) return {};
  const problem = metadataProblem(value);
  if (problem)
    throw new HarnessError(
      'CONFIG_INVALID',
      `${relative(dir, file)}: providerStates${problem} (see ProviderStateInfo)`,
    );
  return value as StateMetadata;
}

function metadataProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return ' must be an object keyed by state name';
  for (const [name, info] of Object.entries(value)) {
    if (!isRecord(info)) return `["${name}"] must be an object`;
    if (info.description !== undefined && typeof info.description !== 'string')
      return `["${name}"].description must be a string`;
    for (const key of ['params', 'returns'] as const) {
      const map = info[key];
      if (map !== undefined && (!isRecord(map) || Object.values(map).some((v) => typeof v !== 'string')))
        return `["${name}"].${key} must map names to descriptions (strings)`;
    }
  }
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
