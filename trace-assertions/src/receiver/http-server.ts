import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import {
  decodeJsonRequest,
  decodeProtobufRequest,
  encodeJsonResponse,
  encodeProtobufResponse,
  encodeProtobufStatus,
} from '../otlp/codec.ts';
import type { OtlpParseResult } from '../otlp/to-spans.ts';
import type { IngestSink } from './ingest-sink.ts';

/** A started OTLP/HTTP trace server. */
export interface HttpOtlpServer {
  readonly port: number;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;
const INVALID_ARGUMENT = 3;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) request.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function decompress(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

function reply(response: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  response.writeHead(status, { 'content-type': type }).end(body);
}

function fail(response: ServerResponse, status: number, json: boolean, message: string): void {
  if (json) reply(response, status, 'application/json', JSON.stringify({ code: INVALID_ARGUMENT, message }));
  else reply(response, status, 'application/x-protobuf', encodeProtobufStatus(INVALID_ARGUMENT, message));
}

async function handle(request: IncomingMessage, response: ServerResponse, sink: IngestSink) {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const json = type === 'application/json';
  if (request.url?.split('?')[0] !== '/v1/traces') return fail(response, 404, json, `no route ${request.url ?? ''}`);
  if (request.method !== 'POST') return fail(response, 405, json, 'use POST');
  if (!json && type !== 'application/x-protobuf')
    return fail(response, 415, json, `unsupported content-type "${type}"`);
  let result: OtlpParseResult;
  try {
    const body = decompress(await readBody(request), request.headers['content-encoding']);
    result = json ? decodeJsonRequest(body.toString('utf8')) : decodeProtobufRequest(body);
  } catch (error) {
    sink.invalid('http', (error as Error).message);
    return fail(response, 400, json, (error as Error).message);
  }
  sink.ingest(result);
  if (json) reply(response, 200, 'application/json', encodeJsonResponse(result));
  else reply(response, 200, 'application/x-protobuf', encodeProtobufResponse(result));
}

/** Starts the OTLP/HTTP server (`POST /v1/traces`, protobuf or JSON, optionally gzip) on host:port. */
export async function startHttpServer(host: string, port: number, sink: IngestSink): Promise<HttpOtlpServer> {
  const server = createServer((request, response) => {
    handle(request, response, sink).catch((error: unknown) => {
      if (!response.headersSent) fail(response, 500, true, String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
