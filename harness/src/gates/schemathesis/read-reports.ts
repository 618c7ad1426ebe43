import { existsSync, readFileSync } from 'node:fs';

/** One failure Schemathesis reported, with the curl command that reproduces it. */
export interface SchemathesisFailure {
  readonly operation: string;
  readonly code: string;
  readonly text: string;
  readonly curl?: string;
}

/** The failures of a Schemathesis JUnit report, one per failing check of an operation. */
export function readJUnitFailures(junitPath: string): SchemathesisFailure[] {
  if (!existsSync(junitPath)) return [];
  const xml = readFileSync(junitPath, 'utf8');
  const failures: SchemathesisFailure[] = [];
  // A self-closing <testcase …/> (a passing operation) has no body: it must not swallow the next testcase.
  for (const testcase of xml.matchAll(/<testcase name="([^"]*)"[^>]*?(?<!\/)>([\s\S]*?)<\/testcase>/g)) {
    const operation = unescapeXml(testcase[1] ?? '');
    for (const failure of (testcase[2] ?? '').matchAll(
      /<(failure|error)[^>]*message="([^"]*)"[^>]*>([\s\S]*?)<\/\1>/g,
    )) {
      const text = unescapeXml(failure[3] ?? '').trim();
      const curl = /Reproduce with:\s*\n\s*(curl [^\n]+)/.exec(text)?.[1]?.trim();
      failures.push({ operation, code: unescapeXml(failure[2] ?? ''), text, ...(curl ? { curl } : {}) });
    }
  }
  return failures;
}

/** Method and URL of a `curl -X METHOD … URL` command. */
export function parseCurl(curl: string): { method: string; url: string; body?: string } {
  const method = /-X\s+([A-Z]+)/.exec(curl)?.[1] ?? 'GET';
  const url = /(https?:\/\/\S+?)'?$/.exec(curl.trim())?.[1] ?? '';
  const body = /-d\s+'((?:[^']|'\\'')*)'/.exec(curl)?.[1];
  return { method, url, ...(body === undefined ? {} : { body }) };
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+);/g, (_m, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    return named[entity] ?? String.fromCharCode(Number(entity.slice(1)));
  });
}
