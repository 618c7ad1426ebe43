import { formatChain } from '../chain/assert-correlation-chain.ts';
import type { TraceSpecResult } from './types.ts';

/** Options of toJUnit. */
export interface JUnitOptions {
  /** The name of the `<testsuites>` element (default 'trace specs'). */
  readonly name?: string;
}

interface Case {
  readonly name: string;
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the control characters XML 1.0 forbids
  const legal = text.toWellFormed().replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  return legal.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** The trigger, then each follow-up request that was sent. */
function requestCases(result: TraceSpecResult): Case[] {
  const failed = (text: string, type: string) => ({ message: text.split('\n')[0] ?? text, type, text });
  const trigger: Case = result.trigger.ok
    ? { name: 'trigger' }
    : { name: 'trigger', failure: failed(result.trigger.error ?? 'trigger failed', 'TRIGGER_FAILED') };
  const followUps = (result.requests ?? []).slice(1).map((request, i): Case => {
    const name = `follow-up ${i + 1}: ${request.exchange.method} ${request.exchange.url}`;
    return request.ok ? { name } : { name, failure: failed(request.error ?? 'request failed', 'REQUEST_FAILED') };
  });
  return [trigger, ...followUps];
}

function casesOf(result: TraceSpecResult): Case[] {
  const cases: Case[] = requestCases(result);
  for (const spec of result.results) {
    const name = spec.label ?? spec.selector;
    if (spec.ok) {
      cases.push({ name });
      continue;
    }
    const first = spec.issues[0]?.message.split('\n')[0] ?? 'failed';
    const message = spec.issues.length > 1 ? `${first} (and ${spec.issues.length - 1} more)` : first;
    const text = spec.issues.map((f) => f.message).join('\n\n');
    cases.push({ name, failure: { message, type: 'SPEC_FAILED', text } });
  }
  if (result.chain !== undefined) {
    const broken = result.chain.firstBroken;
    const failure = broken
      ? {
          message: `broken at hop ${broken.index + 1} (${broken.label})`,
          type: 'CHAIN_BROKEN',
          text: formatChain(result.chain),
        }
      : undefined;
    cases.push({ name: 'correlation chain', ...(failure !== undefined ? { failure } : {}) });
  }
  return cases;
}

function suite(result: TraceSpecResult): string {
  const cases = casesOf(result);
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const seconds = (result.durationMs / 1000).toFixed(3);
  const className = escapeXml(result.source ?? result.name);
  const lines = [
    `  <testsuite name="${escapeXml(result.name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds}">`,
    `    <properties><property name="traceId" value="${result.traceId}"/><property name="correlationId" value="${escapeXml(result.correlationId)}"/></properties>`,
  ];
  for (const c of cases) {
    const open = `    <testcase classname="${className}" name="${escapeXml(c.name)}" time="0"`;
    if (c.failure === undefined) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    lines.push(
      `      <failure message="${escapeXml(c.failure.message)}" type="${c.failure.type}">${escapeXml(c.failure.text)}</failure>`,
    );
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

/**
 * Renders trace spec results as JUnit XML: one testsuite per spec; the requests, each selector and the chain are cases.
 * @example writeFileSync('reports/trace-specs.xml', toJUnit(await runTraceSpecs(specs, { baseUrl, receiver })));
 */
export function toJUnit(results: readonly TraceSpecResult[], options: JUnitOptions = {}): string {
  const suites = results.map(suite);
  const tests = results.reduce((n, r) => n + casesOf(r).length, 0);
  const failures = results.reduce((n, r) => n + casesOf(r).filter((c) => c.failure).length, 0);
  const seconds = (results.reduce((n, r) => n + r.durationMs, 0) / 1000).toFixed(3);
  const head = `<testsuites name="${escapeXml(options.name ?? 'trace specs')}" tests="${tests}" failures="${failures}" errors="0" time="${seconds}">`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
}
