import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPglite, templateFile } from './pglite-template.ts';

const dir = mkdtempSync(join(tmpdir(), 'pglite-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createPglite', () => {
  const template = templateFile(join(dir, 'templates'));

  it('writes the template on the first new database, and the next new ones start from it', async () => {
    const first = await createPglite(join(dir, 'first'), template);
    expect(existsSync(template)).toBe(true);
    await first.query('CREATE TABLE only_in_first (x int)');
    await first.close();

    for (const dataDir of [join(dir, 'second'), undefined]) {
      const next = await createPglite(dataDir, template);
      // Starts empty: nothing of another database comes along with the template.
      const tables = await next.query("SELECT 1 FROM pg_tables WHERE tablename = 'only_in_first'");
      expect(tables.rows).toEqual([]);
      await next.query('CREATE TABLE t (x int)');
      await next.query('INSERT INTO t VALUES (1)');
      expect((await next.query('SELECT x FROM t')).rows).toEqual([{ x: 1 }]);
      await next.close();
    }
  }, 120_000);

  it('reopens an existing directory as it is, and survives a damaged template', async () => {
    const reopened = await createPglite(join(dir, 'first'), template);
    expect((await reopened.query("SELECT 1 FROM pg_tables WHERE tablename = 'only_in_first'")).rows).toHaveLength(1);
    await reopened.close();

    writeFileSync(template, 'not a tarball');
    const fresh = await createPglite(join(dir, 'after-damage'), template);
    expect((await fresh.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await fresh.close();
  }, 120_000);
});
