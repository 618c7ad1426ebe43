import { connect } from 'node:net';

/** A response read off a raw socket. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function parseResponse(raw: Buffer): RawResponse {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    status: Number(statusLine.split(' ')[1] ?? Number.NaN),
    headers,
    body: split === -1 ? '' : raw.subarray(Buffer.byteLength(text.slice(0, split + 4), 'latin1')).toString('utf8'),
  };
}

/** Writes `bytes` as-is to host:port and reads until the server closes the connection (bounded by `timeoutMs`). */
export function rawRequest(url: string, bytes: Buffer | string, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('connect', () => socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks)));
    });
  });
}

/** A request written slowly: `head` at once, then `body` in `chunks` pieces `intervalMs` apart. */
export interface TrickleOptions {
  readonly head: string;
  readonly body: string;
  readonly chunks: number;
  readonly intervalMs: number;
  /** Called once the head and the first piece are on the wire (e.g. to signal the server mid-body). */
  readonly onStarted?: () => void;
  readonly timeoutMs?: number;
}

/** What a trickled request got: the response (status NaN when the server closed without one) or a socket error. */
export type TrickleResult = { readonly response: RawResponse } | { readonly error: string };

/** Trickles a request to host:port and reads until the server closes the connection. */
export function trickleRequest(url: string, options: TrickleOptions): Promise<TrickleResult> {
  const { hostname, port } = new URL(url);
  const body = Buffer.from(options.body);
  const size = Math.ceil(body.length / options.chunks);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => socket.destroy(new Error('ETIMEDOUT')), options.timeoutMs ?? 30_000);
    const finish = (result: TrickleResult) => {
      clearTimeout(deadline);
      clearTimeout(timer);
      resolve(result);
    };
    const writeFrom = (offset: number) => {
      if (offset >= body.length || socket.destroyed) return;
      socket.write(body.subarray(offset, offset + size));
      if (offset === 0) options.onStarted?.();
      timer = setTimeout(() => writeFrom(offset + size), options.intervalMs);
    };
    socket.on('connect', () => {
      socket.write(options.head);
      writeFrom(0);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    let failure: string | undefined;
    socket.on('error', (error: NodeJS.ErrnoException) => {
      failure = error.code ?? error.message;
    });
    socket.on('close', () =>
      finish(
        chunks.length > 0 || failure === undefined
          ? { response: parseResponse(Buffer.concat(chunks)) }
          : { error: failure },
      ),
    );
  });
}
