import { pollUntil } from '../poll-until.ts';

/** Polls `url` until it answers 2xx (true), the deadline passes or `stop()` says so (the last failure). */
export async function pollUrl(url: string, deadline: number, stop: () => boolean): Promise<true | string> {
  let last = 'no answer';
  const answered = await pollUntil({
    probe: async () => {
      if (stop()) return false;
      const answer = await ask(url);
      if (answer !== true) last = answer;
      return answer === true;
    },
    done: (ok) => ok || stop(),
    timeoutMs: deadline - Date.now(),
    pollMs: 100,
  });
  return answered ? true : last;
}

/** True when `url` answers 2xx; otherwise why not. */
async function ask(url: string): Promise<true | string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok ? true : `HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as Error).cause;
    return cause instanceof Error ? cause.message : (error as Error).message;
  }
}
