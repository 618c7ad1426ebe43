import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { HarnessError } from '../errors.ts';
import type { TracegateConfig } from './types.ts';

const schemaUrl = new URL('../../schema/tracegate.config.schema.json', import.meta.url);

/** The published JSON Schema of tracegate.config files. */
export const configSchema: Record<string, unknown> = JSON.parse(readFileSync(schemaUrl, 'utf8'));

const validate = new Ajv2020({ allErrors: true, strict: false }).compile(configSchema);

/** Validates a parsed configuration, throwing CONFIG_INVALID with one line per bad key. */
export function validateConfig(raw: unknown, source: string): TracegateConfig {
  if (!validate(raw)) {
    const lines = dedupe((validate.errors ?? []).map(describe));
    throw new HarnessError('CONFIG_INVALID', `${source} is not a valid tracegate config:\n  ${lines.join('\n  ')}`);
  }
  const config = raw as TracegateConfig;
  checkReferences(config, source);
  return config;
}

function describe(error: ErrorObject): string {
  const at = keyPath(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    return `${at ? `${at}.` : ''}${String(error.params.additionalProperty)}: unknown key`;
  }
  if (error.keyword === 'enum') return `${at}: must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  if (error.keyword === 'required') return `${at ? `${at}.` : ''}${String(error.params.missingProperty)}: required`;
  if (error.keyword === 'oneOf') return `${at}: give exactly one of "start" or "baseUrl"`;
  return `${at || '(root)'}: ${error.message ?? 'invalid'}`;
}

/** Turns a JSON pointer into a readable key path: /services/0/start → services[0].start. */
function keyPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function dedupe(lines: readonly string[]): string[] {
  // oneOf failures repeat the branch errors; the summary line is enough.
  return [...new Set(lines)].filter(
    (line, _, all) => !(line.endsWith(': required') && all.some((l) => l.includes('exactly one'))),
  );
}

function checkReferences(config: TracegateConfig, source: string): void {
  const names = new Set(config.services.map((s) => s.name));
  const problems: string[] = [];
  if (names.size !== config.services.length) problems.push('services: service names must be unique');
  config.scenarios?.forEach((scenario, i) => {
    for (const [j, request] of [scenario.request, ...(scenario.then ?? [])].entries()) {
      const at = j === 0 ? `scenarios[${i}].request` : `scenarios[${i}].then[${j - 1}]`;
      if (!names.has(request.service)) problems.push(`${at}.service: no service named "${request.service}"`);
    }
  });
  const pactService = config.pacts?.providerService;
  if (pactService && !names.has(pactService)) problems.push(`pacts.providerService: no service named "${pactService}"`);
  const stService = config.gates?.schemathesis?.service;
  if (stService && !names.has(stService)) problems.push(`gates.schemathesis.service: no service named "${stService}"`);
  if (problems.length > 0) {
    throw new HarnessError('CONFIG_INVALID', `${source} is not a valid tracegate config:\n  ${problems.join('\n  ')}`);
  }
}
