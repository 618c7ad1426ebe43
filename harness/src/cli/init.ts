import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HarnessError } from '../errors.ts';
import { inspectRepository } from '../init/inspect.ts';
import { renderStarterConfig } from '../init/render.ts';

const SCHEMA = fileURLToPath(new URL('../../schema/tracegate.config.schema.json', import.meta.url));

/** `tracegate init [DIR] [--force]`: writes a starter config from what the repository contains. */
export function runInitCommand(argv: readonly string[]): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { force: { type: 'boolean' }, output: { type: 'string', short: 'o' } },
  });
  const root = resolve(positionals[0] ?? '.');
  const target = resolve(root, values.output ?? 'tracegate.config.yaml');
  if (existsSync(target) && !values.force) {
    throw new HarnessError('USAGE', `${target} exists; pass --force to overwrite it`);
  }
  const found = inspectRepository(root);
  writeFileSync(target, renderStarterConfig(found, { schemaPath: relative(root, SCHEMA) }));
  const summary = [
    `wrote ${target}`,
    `  OpenAPI: ${found.openapi.join(', ') || 'none found'}`,
    `  AsyncAPI: ${found.asyncapi.join(', ') || 'none found'}`,
    `  pacts: ${found.pacts.map((p) => `${p.consumer} → ${p.provider}`).join(', ') || 'none found'}`,
    `  Kafka topics: ${found.kafka.topics.join(', ') || 'none found'}`,
    ...gitignoreHint(root),
    `next: edit the service's start command, then run: tracegate verify --config ${relative(process.cwd(), target) || join('.', 'tracegate.config.yaml')}`,
  ];
  process.stdout.write(`${summary.join('\n')}\n`);
  return 0;
}

/** A hint when the repository's .gitignore does not ignore the reports verify writes. */
function gitignoreHint(root: string): string[] {
  const file = join(root, '.gitignore');
  if (!existsSync(file)) return [];
  const ignored = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .some((line) => /^\/?reports\/?\s*$/.test(line.trim()));
  return ignored ? [] : ["hint: add 'reports/' to .gitignore (verify writes its reports there)"];
}
