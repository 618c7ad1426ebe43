import { describe, expect, it } from 'vitest';
import { checkOpenApiDocument } from './openapi-checks.ts';
import { writeTempDocument } from './testing.ts';

const pet = { type: 'object', properties: { name: { type: 'string', xml: { attribute: true, example: 'x' } } } };

/** The validity check of a document written as YAML, its lines as `writeTempDocument` lays them out. */
async function validity(document: unknown) {
  const path = writeTempDocument('openapi.yaml', document);
  const { checks } = await checkOpenApiDocument(path, 'openapi.yaml');
  return checks[0];
}

describe('an invalid OpenAPI document', () => {
  // openSUSE's Build Service API (APIs-guru) writes `example` inside `xml`; the parser's code frame names neither
  // the field nor a line of the file (its lines are those of the resolved document).
  it.each([
    [
      'an `example` inside `xml`',
      { Pet: pet },
      /^openapi\.yaml:15 \/components\/schemas\/Pet\/properties\/name\/xml\/example: is not allowed here$/m,
    ],
    [
      '`required` as a string',
      { Pet: { type: 'object', required: 'name' } },
      /^openapi\.yaml:10 \/components\/schemas\/Pet\/required: must be array$/m,
    ],
  ])('%s: names the field at fault with its line in the file', async (_case, schemas, line) => {
    const check = await validity({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas },
    });
    expect(check?.status).toBe('failed');
    expect(check?.message).toMatch(line);
  });

  it.each(['3.0.3', '3.1.0'])('%s: says where a required field is missing', async (openapi) => {
    const check = await validity({ openapi, info: { title: 't' }, paths: {} });
    expect(check?.message).toMatch(/^openapi\.yaml:2 \/info: must have required property 'version'$/m);
  });
});
