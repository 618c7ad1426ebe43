import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withLock } from './lock.ts';
import { sleep } from './sleep.ts';

const dir = mkdtempSync(join(tmpdir(), 'tracegate-lock-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('withLock', () => {
  it('runs holders one after the other and releases the lock', async () => {
    const lock = join(dir, 'serial.lock');
    const events: string[] = [];
    const holder = (name: string) =>
      withLock(lock, async () => {
        events.push(`${name} in`);
        await sleep(50);
        events.push(`${name} out`);
        return name;
      });
    expect(await Promise.all([holder('a'), holder('b')])).toEqual(['a', 'b']);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
    await expect(withLock(lock, async () => 'free again', 1_000)).resolves.toBe('free again');
  });

  it('takes over a lock whose owner is dead', async () => {
    const lock = join(dir, 'stale.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), '2147483646');
    await expect(withLock(lock, async () => 'taken', 2_000)).resolves.toBe('taken');
  });

  it('gives up after its bound while a live owner holds it', async () => {
    const lock = join(dir, 'held.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), `${process.pid}`);
    await expect(withLock(lock, async () => 'never', 300)).rejects.toMatchObject({ code: 'PROVISION_FAILED' });
  });
});
