import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { HarnessError } from '../errors.ts';
import type { ConfigPath, Locate } from './locate.ts';
import { checkPlaceholders, keyPath } from './placeholders.ts';
import { didYouMean } from './suggest.ts';
import type { TracegateConfig } from './types.ts';

const schemaUrl = new URL('../../schema/tracegate.config.schema.json', import.meta.url);

/** The published JSON Schema of tracegate.config files. */
export const configSchema: Record<string, unknown> = JSON.parse(readFileSync(schemaUrl, 'utf8'));

const validate = new Ajv2020({ allErrors: true, strict: false, verbose: true }).compile(configSchema);

/** One thing wrong in a config, and where: the value, its key, or a text inside the value. */
interface Problem {
  readonly path: ConfigPath;
  readonly message: string;
  readonly key?: boolean;
  readonly text?: string;
}

/**
 * Validates a parsed configuration, throwing CONFIG_INVALID with one line per problem, each starting with
 * `file:line:column` when `locate` knows where the value is written (YAML configs).
 */
export function validateConfig(raw: unknown, source: string, locate?: Locate): TracegateConfig {
  const valid = validate(raw);
  // No services is a config for the gates that need none; every reader sees an empty list.
  const config = valid ? withServices(raw as TracegateConfig) : undefined;
  const problems: readonly Problem[] = config
    ? [...checkReferences(config), ...checkPlaceholders(config)]
    : dedupe((validate.errors ?? []).map(describe));
  if (problems.length > 0) {
    const lines = problems.map((p) => {
      const at = locate?.(p.path, { ...(p.key ? { key: true } : {}), ...(p.text ? { text: p.text } : {}) });
      return at ? `${at}: ${p.message}` : p.message;
    });
    throw new HarnessError('CONFIG_INVALID', `${source} is not a valid tracegate config:\n  ${lines.join('\n  ')}`);
  }
  return config as TracegateConfig;
}

function withServices(config: TracegateConfig): TracegateConfig {
  return config.services === undefined ? { ...config, services: [] } : config;
}

function describe(error: ErrorObject): Problem {
  const path = toPath(error.instancePath);
  const at = keyPath(path);
  const prefix = at ? `${at}.` : '';
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
    return { path: [...path, key], key: true, message: `${prefix}${key}: unknown key${didYouMean(key, known)}` };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map(String);
    const hint = didYouMean(String(error.data), allowed);
    return { path, message: `${at}: must be one of ${allowed.join(', ')}${hint}` };
  }
  if (error.keyword === 'required') {
    return { path, key: true, message: `${prefix}${String(error.params.missingProperty)}: required` };
  }
  if (error.keyword === 'oneOf') return { path, key: true, message: `${at}: give exactly one of "start" or "baseUrl"` };
  return { path, message: `${at || '(root)'}: ${error.message ?? 'invalid'}` };
}

/** A JSON pointer as a path: /services/0/start → ['services', 0, 'start']. */
function toPath(pointer: string): ConfigPath {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function dedupe(problems: readonly Problem[]): Problem[] {
  // oneOf failures repeat the branch errors; the summary line is enough.
  const exactlyOne = problems.some((p) => p.message.includes('exactly one'));
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (seen.has(p.message) || (exactlyOne && p.message.endsWith(': required'))) return false;
    seen.add(p.message);
    return true;
  });
}

function checkReferences(config: TracegateConfig): Problem[] {
  const names = config.services.map((s) => s.name);
  const problems: Problem[] = [];
  const service = (path: ConfigPath, name: string): void => {
    if (!names.includes(name)) {
      problems.push({ path, message: `${keyPath(path)}: no service named "${name}"${didYouMean(name, names)}` });
    }
  };
  if (new Set(names).size !== names.length)
    problems.push({ path: ['services'], key: true, message: 'services: service names must be unique' });
  config.scenarios?.forEach((scenario, i) => {
    for (const [j, request] of [scenario.request, ...(scenario.then ?? [])].entries()) {
      const at: ConfigPath = j === 0 ? ['scenarios', i, 'request'] : ['scenarios', i, 'then', j - 1];
      service([...at, 'service'], request.service);
    }
  });
  if (config.pacts?.providerService) service(['pacts', 'providerService'], config.pacts.providerService);
  config.effects?.consumed?.forEach((consumed, i) => {
    service(['effects', 'consumed', i, 'service'], consumed.service);
    consumed.stateProbes?.forEach((probe, j) => {
      service(['effects', 'consumed', i, 'stateProbes', j, 'service'], probe.service);
    });
  });
  const stService = config.gates?.schemathesis?.service;
  if (stService) service(['gates', 'schemathesis', 'service'], stService);
  return problems;
}
