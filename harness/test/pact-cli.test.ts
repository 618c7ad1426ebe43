import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-support.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('tracegate pact states', () => {
  it("lists the reference provider's states with their parameters and fromProviderState values, and its messages", async () => {
    const run = await runCli(['pact', 'states'], { cwd: root, timeoutMs: 120_000 });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(
      [
        '    an order exists — a PENDING order, placed through the API',
        '      param customerId: the customer the order is placed for (default customer-42)',
        '      returns orderId: id of the order placed through POST /orders',
      ].join('\n'),
    );
    expect(run.output).toMatch(
      /message descriptions \(contract-tests\/provider\/message-providers\.ts\):\n {4}an order\.created event\n/,
    );
  });

  it('prints the same as JSON', async () => {
    const run = await runCli(['pact', 'states', '--json'], { cwd: root, timeoutMs: 120_000 });
    expect(run.code, run.output).toBe(0);
    const [catalog] = JSON.parse(run.output) as { provider: string; states: { name: string }[]; messages: string[] }[];
    expect(catalog?.provider).toBe('order-service');
    expect(catalog?.states.map((s) => s.name)).toContain('a pending order exists');
    expect(catalog?.messages).toContain('a payment.refunded event');
  });

  it('exits 1 naming the problem when the config has no pacts section or the subcommand is unknown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-pact-'));
    writeFileSync(
      join(dir, 'tracegate.config.yaml'),
      'system: x\nservices:\n  - name: a\n    baseUrl: http://127.0.0.1:9\n',
    );
    const none = await runCli(['pact', 'states'], { cwd: dir, timeoutMs: 60_000 });
    expect([none.code, none.output.trim()]).toEqual([
      1,
      `tracegate: ${join(dir, 'tracegate.config.yaml')} has no pacts section`,
    ]);
    const unknown = await runCli(['pact', 'list'], { cwd: dir, timeoutMs: 60_000 });
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('tracegate pact: expected "states", got "list"');
  });
});
