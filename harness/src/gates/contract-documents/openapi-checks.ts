import { validate } from '@readme/openapi-parser';
import type { CheckResult } from '../../report/types.ts';
import type { DocumentChecks } from './asyncapi-checks.ts';
import { checkOpenApiExamples } from './openapi-examples.ts';
import { readDocument } from './read-document.ts';

/** Checks an OpenAPI document: valid against the OpenAPI specification, then every example against its schema. */
export async function checkOpenApiDocument(path: string, label: string): Promise<DocumentChecks> {
  const started = performance.now();
  const result = await validate(path, { validate: { errors: { colorize: false } } });
  const warnings = result.warnings.map((w) => w.message);
  const validity: CheckResult = result.valid
    ? {
        name: `${label} is a valid OpenAPI document`,
        status: 'passed',
        durationMs: elapsed(started),
        ...(warnings.length > 0 ? { message: `warnings: ${warnings.join('; ')}` } : {}),
      }
    : {
        name: `${label} is a valid OpenAPI document`,
        status: 'failed',
        durationMs: elapsed(started),
        message: result.errors.map((e) => firstLines(e.message)).join('\n'),
        evidence: [{ kind: 'text', text: result.errors.map((e) => e.message).join('\n\n') }],
      };
  if (!result.valid) return { checks: [validity], notices: [], dialects: {} };
  const { results, notices, dialect } = checkOpenApiExamples(readDocument(path));
  const examples = results.map(
    ({ example, errors }): CheckResult => ({
      name: `${label} example ${example.at} matches its schema`,
      status: errors.length === 0 ? 'passed' : 'failed',
      ...(errors.length > 0
        ? {
            message: errors.join('; '),
            evidence: [{ kind: 'text', text: `${JSON.stringify(example.value, null, 2)}\n\n${errors.join('\n')}` }],
          }
        : {}),
    }),
  );
  const dialects = examples.length > 0 ? { [dialect]: examples.length } : {};
  return { checks: [validity, ...examples], notices: notices.map((n) => `${label}: ${n}`), dialects };
}

function firstLines(message: string): string {
  return message.split('\n').slice(0, 2).join(' ').trim();
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
