import { describe, expect, it } from 'vitest';
import { resolveSchemaFormat } from './schema-format.ts';

describe('resolveSchemaFormat', () => {
  it.each([
    [undefined, {}, 'asyncapi'],
    ['application/vnd.aai.asyncapi;version=2.6.0', {}, 'asyncapi'],
    ['application/vnd.aai.asyncapi+yaml;version=3.1.0', {}, 'asyncapi'],
    [undefined, { $schema: 'http://json-schema.org/draft-04/schema#' }, 'draft-04'],
    ['application/schema+json;version=draft-04', {}, 'draft-04'],
    ['application/schema+yaml;version=draft-06', {}, 'draft-06'],
    ['application/schema+json;version=draft-07', {}, 'draft-07'],
    ['application/schema+json;version=2019-09', {}, '2019-09'],
    ['application/schema+json;version=2020-12', {}, '2020-12'],
    ['application/schema+json', { $schema: 'https://json-schema.org/draft/2020-12/schema' }, '2020-12'],
    ['application/schema+json', {}, 'draft-07'],
    ['application/vnd.oai.openapi;version=3.0.0', {}, 'openapi-3.0'],
    ['application/vnd.oai.openapi+json;version=3.0.3', {}, 'openapi-3.0'],
    ['application/vnd.oai.openapi+yaml;version=3.1.0', {}, '2020-12'],
    ['application/vnd.apache.avro;version=1.9.0', {}, 'avro'],
    ['application/vnd.apache.avro+json;version=1.10.2', {}, 'avro'],
    ['application/vnd.apache.avro+yaml;version=1.12.0', {}, 'avro'],
    ['Application/Vnd.Apache.Avro+JSON; version=1.9.0', {}, 'avro'],
  ])('%s (%j) compiles as %s', (format, schema, dialect) => {
    expect(resolveSchemaFormat(format, schema)).toEqual({ supported: true, dialect });
  });

  it.each([
    'application/raml+yaml;version=1.0',
    'application/vnd.google.protobuf;version=3',
    'application/schema+json;version=draft-03',
    'application/vnd.oai.openapi;version=2.0',
    'application/vnd.apache.avro;version=2.0.0',
  ])('%s is not checked', (format) => {
    expect(resolveSchemaFormat(format, {})).toEqual({ supported: false, format });
  });
});
