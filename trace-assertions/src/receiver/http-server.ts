import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeJsonRequest,
  decodeProtobufForStore,
  encodeJsonResponse,
  encodeProtobufResponse,
  encodeProtobufStatus,
  type StoredParseResult,
} from '../otlp/codec.ts';
import { BodyRejection, checkEncoding, inflateBounded, readBoundedBody } from './http-body.ts';
import type { IngestSink } from './ingest-sink.ts';

/** A started OTLP/HTTP trace server. */
export interface HttpOtlpServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Default cap on a request body, before and after decompression (64 MiB). */
export const DEFAULT_MAX_BODY_BYTES: number = 64 * 1024 * 1024;
const INVALID_ARGUMENT = 3;
const RESOURCE_EXHAUSTED = 8;
const UNIMPLEMENTED = 12;

function reply(response: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  response.writeHead(status, { 'content-type': type }).end(body);
}

const grpcCodes: Readonly<Record<number, number>> = { 413: RESOURCE_EXHAUSTED, 415: UNIMPLEMENTED };

function fail(response: ServerResponse, status: number, json: boolean, message: string): void {
  const code = grpcCodes[status] ?? INVALID_ARGUMENT;
  if (json) reply(response, status, 'application/json', JSON.stringify({ code, message }));
  else reply(response, status, 'application/x-protobuf', encodeProtobufStatus(code, message));
}

async function decodeBody(request: IncomingMessage, json: boolean, maxBytes: number): Promise<StoredParseResult> {
  const encoding = checkEncoding(request.headers['content-encoding']);
  const body = await inflateBounded(await readBoundedBody(request, maxBytes), encoding, maxBytes);
  return json ? decodeJsonRequest(body.toString('utf8')) : decodeProtobufForStore(body);
}

/** Answers a refused request and tells the sink, so `stats()` counts it by status. */
function refuse(
  response: ServerResponse,
  sink: IngestSink,
  options: { status: number; json: boolean; message: string },
) {
  sink.refused('http', options.status, options.message);
  fail(response, options.status, options.json, options.message);
}

async function handle(request: IncomingMessage, response: ServerResponse, sink: IngestSink, maxBytes: number) {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const json = type === 'application/json';
  const path = request.url?.split('?')[0];
  if (path !== '/v1/traces') return refuse(response, sink, { status: 404, json, message: `no route ${path ?? ''}` });
  if (request.method !== 'POST') return refuse(response, sink, { status: 405, json, message: 'use POST' });
  if (!json && type !== 'application/x-protobuf')
    return refuse(response, sink, { status: 415, json, message: `unsupported content-type "${type}"` });
  let result: StoredParseResult;
  try {
    result = await decodeBody(request, json, maxBytes);
  } catch (error) {
    const status = error instanceof BodyRejection ? error.status : 400;
    return refuse(response, sink, { status, json, message: (error as Error).message });
  }
  sink.ingest(result);
  if (json) reply(response, 200, 'application/json', encodeJsonResponse(result));
  else reply(response, 200, 'application/x-protobuf', encodeProtobufResponse(result));
}

/** Where and how the OTLP/HTTP server listens. */
export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxBodyBytes: number;
}

/** Starts the OTLP/HTTP server (`POST /v1/traces`, protobuf or JSON, optionally gzip/deflate) on host:port. */
export async function startHttpServer(options: HttpServerOptions, sink: IngestSink): Promise<HttpOtlpServer> {
  const { host, port, maxBodyBytes } = options;
  const server = createServer((request, response) => {
    handle(request, response, sink, maxBodyBytes).catch((error: unknown) => {
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
