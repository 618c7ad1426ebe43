import type { PortSource } from '../types.ts';

/** Default port pattern: a JSON log field `"port":12345`. */
export const DEFAULT_PORT_PATTERN = /"port"\s*:\s*(\d{1,5})\b/;

/** The port in `line` per `pattern` (first capture group), or `undefined`. */
export function portFromLine(line: string, pattern: RegExp | string = DEFAULT_PORT_PATTERN): number | undefined {
  const match = (typeof pattern === 'string' ? new RegExp(pattern) : pattern).exec(line);
  const port = Number(match?.[1]);
  return Number.isInteger(port) && port > 0 && port < 65_536 ? port : undefined;
}

/** The URL to poll for readiness: `readyUrl` with `{port}` replaced, or `readyPath` on `127.0.0.1:<port>`. */
export function readinessUrl(
  options: { readyUrl?: string; readyPath?: string },
  port: number | undefined,
): string | undefined {
  if (options.readyUrl) return port === undefined ? options.readyUrl : options.readyUrl.replaceAll('{port}', `${port}`);
  if (options.readyPath && port !== undefined) {
    return `http://127.0.0.1:${port}${options.readyPath.startsWith('/') ? '' : '/'}${options.readyPath}`;
  }
  return undefined;
}

/** How the port source reads in an error message. */
export function describePortSource(portFrom: PortSource | undefined): string {
  if (!portFrom) return 'no port source';
  if ('logPattern' in portFrom) return `line matching ${portFrom.logPattern}`;
  if ('env' in portFrom) return `port from $${portFrom.env}`;
  return `port ${portFrom.port}`;
}
