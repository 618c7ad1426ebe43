import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logging/logger.ts';
import type { ProblemKind } from './problem.ts';
import { problemBody } from './problem.ts';

interface ParserError extends Error {
  readonly code?: string;
}

const parserProblems: Readonly<Record<string, { kind: ProblemKind; detail: string }>> = {
  HPE_HEADER_OVERFLOW: { kind: 'header-fields-too-large', detail: 'the request headers exceed the limit' },
  HPE_REQUEST_TIMEOUT: { kind: 'malformed-request', detail: 'the request was not received in time' },
};

const fallback = { kind: 'malformed-request', detail: 'the request is not valid HTTP/1.1' } as const;

/** The raw HTTP/1.1 response of a parser rejection: problem+json with a fresh correlation id, then close. */
export function parserRejection(error: ParserError, correlationId: string): string {
  const { kind, detail } = parserProblems[error.code ?? ''] ?? fallback;
  const problem = problemBody(kind, { correlationId }, { detail });
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Correlation-Id: ${correlationId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Answers requests Node's HTTP parser rejects before Express sees them (bare CR/LF, obs-fold, raw non-ASCII in the
 * target, oversized headers) with problem+json and a correlation id, instead of Node's bare 400/431.
 */
export function answerParserRejections(server: Server, logger: Logger): void {
  server.on('clientError', (error: ParserError, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const correlationId = randomUUID();
    logger.warn(
      { err: { code: error.code, message: error.message }, correlation_id: correlationId },
      'request rejected by the HTTP parser',
    );
    socket.end(parserRejection(error, correlationId));
  });
}
