import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAsyncApiModel } from './asyncapi-model.ts';
import { compileMessageValidator } from './message-validator.ts';
import { withoutBareNullable } from './strip-extensions.ts';

describe('withoutBareNullable', () => {
  it('drops `nullable` only from schemas without `type`, keeping properties named `nullable`', () => {
    const schema = {
      type: 'object',
      properties: {
        id: { nullable: true, allOf: [{ $ref: '#/$defs/Id' }] },
        name: { type: 'string', nullable: true },
        nullable: true,
      },
      examples: [{ nullable: false }],
    };
    expect(withoutBareNullable(schema)).toEqual({
      type: 'object',
      properties: { id: { allOf: [{ $ref: '#/$defs/Id' }] }, name: { type: 'string', nullable: true }, nullable: true },
      examples: [{ nullable: false }],
    });
  });

  it('lets an AsyncAPI payload with `nullable` beside `allOf` compile and check its example', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tracegate-nullable-')), 'asyncapi.yaml');
    writeFileSync(
      path,
      [
        'asyncapi: 3.0.0',
        'info: { title: accounts, version: 1.0.0 }',
        'channels:',
        '  accounts:',
        '    address: accounts',
        '    messages:',
        '      created:',
        '        payload:',
        '          type: object',
        '          properties:',
        '            id: { nullable: true, allOf: [{ type: string }] }',
        '        examples:',
        '          - payload: { id: 42 }',
        'operations:',
        '  send: { action: send, channel: { $ref: "#/channels/accounts" } }',
      ].join('\n'),
    );
    const model = await loadAsyncApiModel(path);
    const validator = compileMessageValidator(model);
    expect(validator.problems).toEqual([]);
    const [message] = model.channels[0]?.messages ?? [];
    const [example] = message?.examples ?? [];
    expect(validator.validateExample('accounts', message?.id ?? '', example ?? {})).toEqual([
      'payload/id must be string',
    ]);
  });
});
