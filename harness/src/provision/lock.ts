import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HarnessError } from '../errors.ts';
import { isAlive } from './cleanup.ts';
import { sleep } from './sleep.ts';

/** Runs `fn` while holding a directory lock at `path`, so that parallel runs do not install into the same place. */
export async function withLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 15 * 60_000): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  while (!tryAcquire(path)) {
    if (Date.now() > deadline) {
      throw new HarnessError(
        'PROVISION_FAILED',
        `waited ${timeoutMs} ms for ${path}; remove it if no other run is installing`,
      );
    }
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}

function tryAcquire(path: string): boolean {
  try {
    mkdirSync(path);
    writeFileSync(join(path, 'pid'), `${process.pid}`);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (isStale(path)) rmSync(path, { recursive: true, force: true });
  return false;
}

function isStale(path: string): boolean {
  try {
    const owner = Number(readFileSync(join(path, 'pid'), 'utf8'));
    return !isAlive(owner);
  } catch {
    // the owner may not have written its pid yet; only a long-empty lock is abandoned
    try {
      return Date.now() - statSync(path).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
}
