// Closed-loop POST /orders load over a fixed number of keep-alive connections.
import { Agent, request } from 'node:http';

const orderBody = JSON.stringify({
  customerId: 'bench',
  currency: 'EUR',
  items: [{ sku: 'B-1', quantity: 1, unitPrice: 999 }],
});

/** What one load round achieved. */
export interface LoadResult {
  readonly created: number;
  readonly failed: number;
  readonly seconds: number;
  readonly perSecond: number;
}

function postOrder(agent: Agent, url: URL): Promise<number> {
  return new Promise<number>((resolve) => {
    const req = request(
      url,
      {
        agent,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(orderBody) },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', () => resolve(0));
      },
    );
    req.once('error', () => resolve(0));
    req.end(orderBody);
  });
}

/** Keeps `connections` requests in flight against `${baseUrl}/orders` for `durationMs`; counts 201s. */
export async function loadOrders(baseUrl: string, connections: number, durationMs: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL('/orders', baseUrl);
  const started = performance.now();
  let created = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() - started < durationMs) {
        if ((await postOrder(agent, url)) === 201) created += 1;
        else failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  agent.destroy();
  return { created, failed, seconds, perSecond: created / seconds };
}
