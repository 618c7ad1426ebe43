import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigReference } from './reference.ts';

describe('config reference', () => {
  const generated = renderConfigReference();

  it('documents nested keys of the schema', () => {
    expect(generated).toContain('| `services[].start.command` | string[] | yes |');
    expect(generated).toContain('| `scenarios[].chain[].kind` | `http-server` \\| `kafka-publish`');
    expect(generated).toContain('| `gates.schemathesis.maxExamples` | integer |');
  });

  it('matches the committed docs/config-reference.md (regenerate: npm run tracegate -- schema --markdown > docs/config-reference.md)', () => {
    const committed = readFileSync(new URL('../../../docs/config-reference.md', import.meta.url), 'utf8');
    expect(committed).toBe(generated);
  });
});
