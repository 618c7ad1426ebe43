import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventValidationBench } from './event-validation.ts';

// asyncapi-validator needs every operation to list its messages, so the document here does.
const document = `asyncapi: 3.0.0
info: { title: reservations, version: 1.0.0 }
channels:
  reserved:
    address: inventory.reserved
    messages:
      Reserved: { $ref: '#/components/messages/Reserved' }
operations:
  publishReserved:
    action: send
    channel: { $ref: '#/channels/reserved' }
    messages: [{ $ref: '#/channels/reserved/messages/Reserved' }]
components:
  messages:
    Reserved:
      name: Reserved
      contentType: application/json
      headers:
        type: object
        required: [x-correlation-id]
        properties: { x-correlation-id: { type: string } }
      payload:
        type: object
        required: [id, sku, quantity]
        properties:
          id: { type: string }
          sku: { type: string }
          quantity: { type: integer, minimum: 1 }
      examples:
        - headers: { x-correlation-id: c-1 }
          payload: { id: r-1, sku: SKU-1, quantity: 2 }
`;
const dir = mkdtempSync(join(tmpdir(), 'tracegate-event-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('eventValidationBench', () => {
  it('measures both comparisons, each validator agreeing first on every valid and invalid record', async () => {
    const asyncapiPath = join(dir, 'asyncapi.yaml');
    writeFileSync(asyncapiPath, document);
    const results = await eventValidationBench({ asyncapiPath, repeat: 5, rounds: 1 }).run();
    expect(results.map((r) => [r.name, r.goal])).toEqual([
      ['event validation, valid records (payload + headers + key) vs bare ajv', '≤ 1.2× bare ajv'],
      ['event validation, invalid records, all errors vs asyncapi-validator', '≥ 3× asyncapi-validator'],
    ]);
    for (const result of results) {
      expect(result.project).toBeGreaterThan(0);
      expect(result.anchor).toBeGreaterThan(0);
      expect(typeof result.met).toBe('boolean');
    }
  });

  it('fails on a document without examples rather than measuring nothing', async () => {
    const asyncapiPath = join(dir, 'no-examples.yaml');
    writeFileSync(asyncapiPath, document.replace(/ {6}examples:[\s\S]*$/, ''));
    await expect(eventValidationBench({ asyncapiPath }).run()).rejects.toThrow('has no message examples to validate');
  });
});
