import { sleep } from '../sleep.ts';

/** Polls `url` until it answers 2xx (true), the deadline passes or `stop()` says so (the last failure). */
export async function pollUrl(url: string, deadline: number, stop: () => boolean): Promise<true | string> {
  let last = 'no answer';
  while (Date.now() < deadline && !stop()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return true;
      last = `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as Error).cause;
      last = cause instanceof Error ? cause.message : (error as Error).message;
    }
    await sleep(100);
  }
  return last;
}
