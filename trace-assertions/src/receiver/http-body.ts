import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';

/** Why a request body was refused before decoding. */
export class BodyRejection extends Error {
  override readonly name = 'BodyRejection';
  readonly status: 400 | 413 | 415;

  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.status = status;
  }
}

const inflaters = { gzip: promisify(gunzip), deflate: promisify(inflate) } as const;

/** Content-Encodings the receiver decodes (`identity` and none are read as-is). */
export function checkEncoding(header: string | undefined): 'gzip' | 'deflate' | undefined {
  const encoding = (header ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return undefined;
  if (encoding === 'gzip' || encoding === 'deflate') return encoding;
  throw new BodyRejection(415, `unsupported content-encoding "${encoding}" (use gzip, deflate or none)`);
}

/** Reads the body, refusing it (413) as soon as it passes `maxBytes`, without buffering past the cap. */
export function readBoundedBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) return Promise.reject(tooLarge(maxBytes, 'body'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      request.off('data', onData);
      chunks.length = 0;
      reject(tooLarge(maxBytes, 'body'));
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Inflates off the event loop; zlib stops at `maxBytes` of output, so a small bomb cannot grow past the cap. */
export async function inflateBounded(body: Buffer, encoding: 'gzip' | 'deflate' | undefined, maxBytes: number) {
  if (encoding === undefined) return body;
  try {
    return await inflaters[encoding](body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes, `${encoding} body`);
    throw new BodyRejection(400, `cannot ${encoding}-decode the body: ${(error as Error).message}`);
  }
}

function tooLarge(maxBytes: number, what: string): BodyRejection {
  return new BodyRejection(413, `the ${what} exceeds the receiver's limit of ${maxBytes} bytes`);
}
