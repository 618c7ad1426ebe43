import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedExchange } from '@tracegate/trace-assertions';

/** Bodies past this size are forwarded whole but recorded cut (effects read ids near the start). */
const MAX_RECORDED_BODY = 256 * 1024;

/** A reverse proxy in front of one service that records every request and response it forwards. */
export interface RecordingProxy {
  readonly url: string;
  exchanges(): readonly RecordedExchange[];
  close(): Promise<void>;
}

function flat(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Collects what flows through a stream, up to MAX_RECORDED_BODY bytes. */
function collector(): { add(chunk: Buffer): void; text(): string | undefined } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add(chunk) {
      if (size >= MAX_RECORDED_BODY) return;
      chunks.push(chunk);
      size += chunk.length;
    },
    text: () => (size === 0 ? undefined : Buffer.concat(chunks).subarray(0, MAX_RECORDED_BODY).toString('utf8')),
  };
}

/**
 * Starts a recording reverse proxy on an ephemeral port: every gate that talks to the proxy URL is recorded.
 * @example const proxy = await startRecordingProxy({ service: 'order-service', target: 'http://127.0.0.1:4100' });
 */
export async function startRecordingProxy(input: { service: string; target: string }): Promise<RecordingProxy> {
  const agent = new Agent({ keepAlive: true });
  const recorded: RecordedExchange[] = [];
  const forward: Forward = { service: input.service, target: new URL(input.target), agent, url: '' };
  const server = createServer((req, res) => forwardRecorded(forward, req, res, (e) => recorded.push(e)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  forward.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: forward.url,
    exchanges: () => [...recorded],
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Where the proxy forwards to, and the URL it answers on (known once it listens). */
interface Forward {
  readonly service: string;
  readonly target: URL;
  readonly agent: Agent;
  url: string;
}

/** Forwards one request upstream and streams the answer back, recording both once the answer has ended. */
function forwardRecorded(
  forward: Forward,
  req: IncomingMessage,
  res: ServerResponse,
  record: (exchange: RecordedExchange) => void,
): void {
  const requestBody = collector();
  const { target } = forward;
  const upstream = request(
    {
      agent: forward.agent,
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host },
    },
    (response: IncomingMessage) => {
      res.writeHead(response.statusCode ?? 502, response.statusMessage, response.rawHeaders);
      const responseBody = collector();
      response.on('data', (chunk: Buffer) => responseBody.add(chunk));
      response.on('end', () => {
        record(exchange(forward.service, forward.url, req, response, requestBody.text(), responseBody.text()));
      });
      response.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`tracegate recording proxy: ${forward.service} did not answer: ${error.message}`);
  });
  req.on('data', (chunk: Buffer) => requestBody.add(chunk));
  req.pipe(upstream);
}

function exchange(
  service: string,
  baseUrl: string,
  req: IncomingMessage,
  response: IncomingMessage,
  requestBody: string | undefined,
  responseBody: string | undefined,
): RecordedExchange {
  return {
    service,
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    url: `${baseUrl}${req.url ?? '/'}`,
    requestHeaders: flat(req.headers),
    ...(requestBody !== undefined ? { requestBody } : {}),
    status: response.statusCode ?? 0,
    responseHeaders: flat(response.headers),
    ...(responseBody !== undefined ? { responseBody } : {}),
    finishedAt: Date.now(),
  };
}
