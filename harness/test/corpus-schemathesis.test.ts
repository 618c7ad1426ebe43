import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDocument } from '../src/contracts/read-document.ts';
import { CORPUS, corpusDocuments } from '../src/gates/contract-documents/corpus-testing.ts';
import { schemathesisToml } from '../src/gates/schemathesis/st-config.ts';
import { schemathesis, schemathesisVenv } from '../src/provision/schemathesis.ts';

// Every OpenAPI document of the corpus (written by others) goes the way the Schemathesis gate takes it: the gate's
// own read of the document for its schemathesis.toml, then Schemathesis' own loader over every operation.
const LOAD = `
import json, sys
import schemathesis
out = {}
for path in sys.argv[1:]:
    try:
        schema = schemathesis.openapi.from_path(path)
        operations, errors = 0, []
        for result in schema.get_all_operations():
            operations += 1
            failure = result.err() if hasattr(result, "err") else None
            if failure is not None:
                errors.append((str(failure).splitlines() or [type(failure).__name__])[0][:300])
        out[path] = {"operations": operations, "errors": errors}
    except Exception as error:
        out[path] = {"operations": 0, "errors": [f"{type(error).__name__}: {error}"[:300]]}
print(json.dumps(out))
`;

const documents = corpusDocuments('openapi').map((path) => join(CORPUS, path));

describe('the OpenAPI corpus through the Schemathesis gate', () => {
  let loaded: Record<string, { operations: number; errors: string[] }>;
  beforeAll(async () => {
    await schemathesis({ docker: false, env: { ...process.env, SCHEMATHESIS_BIN: '' } });
    const script = join(schemathesisVenv(), 'load-corpus.py');
    writeFileSync(script, LOAD);
    const python = join(schemathesisVenv(), 'bin/python');
    loaded = JSON.parse(execFileSync(python, [script, ...documents], { encoding: 'utf8', timeout: 120_000 }));
  }, 600_000);

  it('covers every OpenAPI document of the corpus', () => {
    expect(documents.length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(loaded).sort()).toEqual([...documents].sort());
  });

  it.each(documents.map((path) => [path.slice(CORPUS.length + 1), path]))(
    '%s: the gate writes its config and Schemathesis loads every operation',
    (_, path) => {
      const toml = schemathesisToml({ document: readDocument(path), edgeValues: ['Infinity'], probability: 0.3 });
      expect(toml.text).toContain('[cache]');
      expect(loaded[path]?.errors).toEqual([]);
    },
  );

  it('binds the edge values to the numeric parameters of a document that has them', () => {
    const path = documents.find((p) => p.endsWith('v3.0/petstore.yaml')) as string;
    expect(
      schemathesisToml({ document: readDocument(path), edgeValues: ['Infinity'], probability: 0.3 }).bound,
    ).toEqual(['query.limit']);
  });
});
