import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJUnitFailures } from './read-reports.ts';

const dir = mkdtempSync(join(tmpdir(), 'tg-st-junit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readJUnitFailures', () => {
  it('names the failing operation, not the passing one before it', () => {
    const path = join(dir, 'junit.xml');
    writeFileSync(
      path,
      [
        '<testsuites><testsuite name="schemathesis">',
        '<testcase name="GET /health/live" time="0.1"/>',
        '<testcase name="GET /orders" time="0.2"><failure type="failure" message="ST101 Server error">',
        '- Server error\n\nReproduce with:\n\n    curl -X GET &apos;http://127.0.0.1:1/orders?limit=1&apos;\n</failure></testcase>',
        '</testsuite></testsuites>',
      ].join('\n'),
    );
    expect(readJUnitFailures(path)).toEqual([
      expect.objectContaining({
        operation: 'GET /orders',
        code: 'ST101 Server error',
        curl: "curl -X GET 'http://127.0.0.1:1/orders?limit=1'",
      }),
    ]);
  });
});
