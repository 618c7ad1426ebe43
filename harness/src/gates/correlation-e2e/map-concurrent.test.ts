import { describe, expect, it } from 'vitest';
import { mapConcurrent } from './map-concurrent.ts';

/** A task that finishes when `release` is called, recording how many tasks were in flight at its start. */
function gatedTasks(count: number) {
  const releases: Array<() => void> = [];
  let inFlight = 0;
  let most = 0;
  const started: number[] = [];
  const work = async (item: number): Promise<string> => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    started.push(item);
    await new Promise<void>((resolve) => releases.push(resolve));
    inFlight -= 1;
    return `done ${item}`;
  };
  const releaseInReverse = async (): Promise<void> => {
    for (let released = 0; released < count; ) {
      await new Promise((r) => setImmediate(r));
      const pending = releases.splice(0);
      for (const release of pending.reverse()) release();
      released += pending.length;
    }
  };
  return { work, releaseInReverse, most: () => most, started };
}

describe('mapConcurrent', () => {
  it('keeps at most `limit` calls in flight and returns results in input order, whatever order they finish in', async () => {
    const tasks = gatedTasks(5);
    const mapped = mapConcurrent([0, 1, 2, 3, 4], 2, tasks.work);
    await tasks.releaseInReverse();
    expect(await mapped).toEqual(['done 0', 'done 1', 'done 2', 'done 3', 'done 4']);
    expect(tasks.most()).toBe(2);
  });

  it('runs one at a time with limit 1, in input order', async () => {
    const tasks = gatedTasks(3);
    const mapped = mapConcurrent([0, 1, 2], 1, tasks.work);
    await tasks.releaseInReverse();
    expect(await mapped).toEqual(['done 0', 'done 1', 'done 2']);
    expect(tasks.most()).toBe(1);
    expect(tasks.started).toEqual([0, 1, 2]);
  });

  it('starts nothing after a failure, lets the calls in flight finish, then rejects with the first failure', async () => {
    const calls: number[] = [];
    const finished: number[] = [];
    const failing = mapConcurrent([1, 2, 3, 4], 2, async (n) => {
      calls.push(n);
      if (n === 1) throw new Error('scenario 1 broke');
      await new Promise((r) => setTimeout(r, 20));
      finished.push(n);
      return n;
    });
    await expect(failing).rejects.toThrow('scenario 1 broke');
    expect(calls).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });
});
