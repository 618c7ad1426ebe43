/** The major number of a version such as `1.2.0` or `v2`; undefined when it has none. */
export function majorOf(version: unknown): number | undefined {
  const match = /^v?(\d+)/.exec(String(version ?? '').trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The `info.version` of a contract document. */
export function infoVersion(document: Record<string, unknown>): string {
  const info = document.info as { version?: unknown } | undefined;
  return String(info?.version ?? 'unversioned');
}
