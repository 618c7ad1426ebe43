import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../gates/contract-documents/testing.ts';
import { mutatedFiles, readCatalog } from './catalog.ts';

const catalog = readCatalog(join(REPO_ROOT, 'tools/mutants/catalog.yaml'));

describe('mutant catalog', () => {
  it.each(catalog.map((m) => [m.id, m] as const))(
    '%s applies to the current tree, each edit exactly once',
    (_id, mutant) => {
      const files = mutatedFiles(mutant, REPO_ROOT);
      expect(files.size).toBeGreaterThan(0);
    },
  );

  it('has a fast CI subset and names the gate each mutant is meant for', () => {
    expect(catalog.filter((m) => m.ci).length).toBeGreaterThanOrEqual(1);
    expect(catalog.every((m) => typeof m.gate === 'string' && m.gate.length > 0)).toBe(true);
  });

  it('refuses an edit whose text is not in the file exactly once', () => {
    const mutant = {
      id: 'x',
      description: 'x',
      config: 'c',
      gate: 'g',
      edits: [{ file: 'package.json', find: '"', replace: "'" }],
    };
    expect(() => mutatedFiles(mutant, REPO_ROOT)).toThrow(
      /package\.json contains its find text \d+ times \(expected once\)/,
    );
  });
});
