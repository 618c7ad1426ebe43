import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseJsonText, withoutBom } from '../contracts/json-text.ts';
import { documentFormat, readText } from '../contracts/read-document.ts';
import { HarnessError } from '../errors.ts';
import { type Locate, parseWithPositions } from './locate.ts';
import type { LoadedConfig, TracegateConfig } from './types.ts';
import { validateConfig } from './validate.ts';

/** File names looked up, in order, when no --config is given. */
export const CONFIG_FILE_NAMES = ['tracegate.config.yaml', 'tracegate.config.yml', 'tracegate.config.ts'] as const;

/** Finds the configuration file: an explicit path, TRACEGATE_CONFIG, or the first known name in `cwd`. */
export function findConfig(options: { path?: string | undefined; cwd: string }): string {
  const explicit = options.path ?? process.env.TRACEGATE_CONFIG;
  if (explicit) {
    const path = isAbsolute(explicit) ? explicit : resolve(options.cwd, explicit);
    if (!existsSync(path)) throw new HarnessError('CONFIG_NOT_FOUND', `config file not found: ${path}`);
    return path;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(options.cwd, name);
    if (existsSync(path)) return path;
  }
  throw new HarnessError(
    'CONFIG_NOT_FOUND',
    `no ${CONFIG_FILE_NAMES.join(' / ')} in ${options.cwd}: run "tracegate init" to write one, or pass --config`,
  );
}

/** Loads, parses and validates a configuration file (YAML, or TypeScript exporting `config`). */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  const parsed: { value: unknown; locate?: Locate } =
    path.endsWith('.ts') || path.endsWith('.mts') ? { value: await importConfig(path) } : parseYamlFile(path);
  const config: TracegateConfig = validateConfig(parsed.value, path, parsed.locate);
  return { config, path, dir: dirname(path) };
}

/** A YAML config, or a `.json` one: strict JSON (a repeated key or a trailing comma placed at `line:column`). */
function parseYamlFile(path: string): { value: unknown; locate: Locate } {
  const text = readText(path, 'config file');
  if (documentFormat(path) === 'json') parseJsonText(text, path);
  try {
    return parseWithPositions(withoutBom(text), path);
  } catch (error) {
    throw new HarnessError('CONFIG_INVALID', (error as Error).message, { cause: error });
  }
}

async function importConfig(path: string): Promise<unknown> {
  const module = (await import(pathToFileURL(path).href)) as { config?: unknown };
  if (module.config === undefined) {
    throw new HarnessError('CONFIG_INVALID', `${path}: a TypeScript config must export "config"`);
  }
  return module.config;
}
