import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDiagnostic, loadAsyncApiModel } from './asyncapi-model.ts';

const dir = mkdtempSync(join(tmpdir(), 'tracegate-asyncapi-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const head = ['asyncapi: 3.1.0', 'info: { title: Pulse, version: 1.0.0 }', 'channels:', '  dead-letters:'];

describe('loadAsyncApiModel diagnostics', () => {
  it('reads a .json document as strict JSON: a repeated key is an error at its line and column', async () => {
    const path = write('repeated.json', [
      '{',
      '  "asyncapi": "3.0.0",',
      '  "info": { "title": "Pulse", "version": "1.0.0", "title": "Pulse 2" },',
      '  "channels": {}',
      '}',
    ]);
    await expect(loadAsyncApiModel(path)).rejects.toThrow(
      new RegExp(`^${path}:3:51: invalid JSON: key "title" is repeated in one object \\(first at 3:13\\)`),
    );
  });

  // A published 3.1 document (a dead-letter example) writes a plain scalar holding ": ", which YAML reads as a key.
  it('places a YAML syntax error at its line', async () => {
    const path = write('broken-yaml.yaml', [
      ...head,
      '    address: dead-letters',
      '    messages:',
      '      deadLetter:',
      '        payload: { type: object }',
      '        examples:',
      '          - payload:',
      '              error: decode event: invalid character',
    ]);
    await expect(loadAsyncApiModel(path)).rejects.toThrow(new RegExp(`${path}:11 \\(root\\): `));
  });

  it('places a specification error at its line, with its path', async () => {
    const path = write('bad-action.yaml', [
      ...head,
      '    address: dead-letters',
      'operations:',
      '  sendDeadLetter:',
      '    action: publish',
      '    channel: { $ref: "#/channels/dead-letters" }',
    ]);
    const model = await loadAsyncApiModel(path).catch((error: Error) => error);
    const lines =
      model instanceof Error
        ? model.message
        : model.diagnostics.filter((d) => d.severity === 'error').map((d) => describeDiagnostic(d, 'events.yaml'));
    expect(String(lines)).toMatch(/:8 operations\.sendDeadLetter\.action: /);
  });
});
