import type { RecordedExchange } from './types.ts';

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
const skipped = new Set(['host', 'content-length', 'connection', 'accept-encoding', 'transfer-encoding']);

/** A curl command that repeats the recorded request. */
export function toCurl(exchange: RecordedExchange): string {
  const parts = ['curl', '-i', '-X', exchange.method, quote(exchange.url)];
  for (const [name, value] of Object.entries(exchange.requestHeaders)) {
    if (!skipped.has(name.toLowerCase())) parts.push('-H', quote(`${name}: ${value}`));
  }
  if (exchange.requestBody) parts.push('--data-raw', quote(exchange.requestBody));
  return parts.join(' ');
}
