import { parseArgs } from 'node:util';
import { renderConfigReference } from '../config/reference.ts';
import { configSchema } from '../config/validate.ts';

/** `tracegate schema [--markdown]`: prints the config JSON Schema, or its markdown reference. */
export function runSchemaCommand(argv: readonly string[]): number {
  const { values } = parseArgs({ args: [...argv], options: { markdown: { type: 'boolean' } } });
  process.stdout.write(values.markdown ? renderConfigReference() : `${JSON.stringify(configSchema, null, 2)}\n`);
  return 0;
}
