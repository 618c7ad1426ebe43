import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { orderBody } from './http.ts';

/** One POST /orders and what came of it: a status (and order id on 201), or a connection error code. */
export interface Attempt {
  readonly key: string;
  status?: number;
  orderId?: string;
  error?: string;
}

/** One POST on a fresh connection (no keep-alive), so a refused connection is told apart from a dropped request. */
export function postOrder(url: string, key: string, amount = 900): Promise<Attempt> {
  const body = JSON.stringify(orderBody(amount));
  return new Promise((resolve) => {
    const req = httpRequest(
      `${url}/orders`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'idempotency-key': key,
          'content-length': Buffer.byteLength(body),
        },
        timeout: 15_000,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ key, error: error.code ?? error.message }));
        res.on('end', () => {
          const id = res.statusCode === 201 ? (JSON.parse(text) as { id: string }).id : undefined;
          resolve({
            key,
            ...(res.statusCode === undefined ? {} : { status: res.statusCode }),
            ...(id ? { orderId: id } : {}),
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ key, error: error.code ?? error.message }));
    req.end(body);
  });
}

/** A steady stream of orders; `stop` waits for the requests still in flight. */
export interface OrderLoad {
  /** Attempts so far, in the order they were sent. */
  attempts(): readonly Attempt[];
  stop(): Promise<readonly Attempt[]>;
}

/**
 * Posts `perSecond` orders a second, each with its own Idempotency-Key, to whichever base URL `target()` names at
 * that moment (a restarted service listens on a new port), without waiting for earlier answers.
 */
export function startOrderLoad(options: { target: () => string; perSecond: number }): OrderLoad {
  const attempts: Attempt[] = [];
  const inFlight: Promise<void>[] = [];
  const timer = setInterval(() => {
    const key = `load-${randomBytes(8).toString('hex')}`;
    const attempt: Attempt = { key };
    attempts.push(attempt);
    inFlight.push(postOrder(options.target(), key).then((result) => void Object.assign(attempt, result)));
  }, 1_000 / options.perSecond);
  return {
    attempts: () => attempts,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return attempts;
    },
  };
}

/** Waits `ms` milliseconds (the load keeps running meanwhile). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Retries every attempt that got no answer (refused or reset while a process was down) with its own key, as a client
 * would, until it is answered 201; the key then names at most one order whether or not the first try got through.
 */
export async function retryUnanswered(attempts: readonly Attempt[], url: string): Promise<number> {
  const unanswered = attempts.filter((attempt) => attempt.status === undefined);
  for (const attempt of unanswered) {
    let retried = await postOrder(url, attempt.key);
    for (let tries = 1; retried.status === undefined && tries < 20; tries += 1) {
      await pause(250);
      retried = await postOrder(url, attempt.key);
    }
    delete attempt.error;
    Object.assign(attempt, retried);
  }
  return unanswered.length;
}
