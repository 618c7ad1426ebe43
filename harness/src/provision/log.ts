/** Default progress sink of the provisioning functions: one line to stderr. */
export function logToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** `1234` → `1.2s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
