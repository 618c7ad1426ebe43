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

  it.each([
    ['tracegate.config.yaml', 15],
    ['fixtures/inventory-service/tracegate.config.yaml', 3],
    ['fixtures/paged-service/tracegate.config.yaml', 3],
    ['fixtures/shipping-service/tracegate.config.yaml', 3],
  ])('%s: at least %i mutants', (config, least) => {
    expect(catalog.filter((m) => m.config === config).length).toBeGreaterThanOrEqual(least);
  });

  it('keeps the CI subset small', () => {
    expect(catalog.filter((m) => m.ci).length).toBeLessThanOrEqual(3);
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
