import { type AsyncApiModel, describeDiagnostic, loadAsyncApiModel } from '../../contracts/asyncapi-model.ts';
import { compileMessageValidator, type MessageValidator } from '../../contracts/message-validator.ts';
import type { RemoteRefMap } from '../../contracts/remote-refs.ts';
import type { CheckResult } from '../../report/types.ts';

/** The checks of one document, and what the report says beside them (unknown formats, ignored keywords). */
export interface DocumentChecks {
  readonly checks: CheckResult[];
  readonly notices: readonly string[];
  /** How many schemas (AsyncAPI) or checked examples (OpenAPI) each schema dialect covered. */
  readonly dialects: Readonly<Record<string, number>>;
}

/**
 * Checks an AsyncAPI document with @asyncapi/parser, then every message schema (one failed check per schema that
 * does not compile, a skipped one per unsupported format) and every message example against payload and headers.
 */
export async function checkAsyncApiDocument(
  path: string,
  label: string,
  options: { remoteRefs?: RemoteRefMap } = {},
): Promise<DocumentChecks> {
  const started = performance.now();
  let model: AsyncApiModel;
  try {
    model = await loadAsyncApiModel(path, options);
  } catch (error) {
    const check: CheckResult = {
      name: `${label} is a valid AsyncAPI document`,
      status: 'failed',
      message: (error as Error).message,
    };
    return { checks: [check], notices: [], dialects: {} };
  }
  const errors = model.diagnostics.filter((d) => d.severity === 'error');
  const warnings = model.diagnostics.filter((d) => d.severity === 'warning');
  const validity: CheckResult = {
    name: `${label} is a valid AsyncAPI document`,
    status: errors.length === 0 ? 'passed' : 'failed',
    durationMs: Math.round(performance.now() - started),
    ...(errors.length > 0
      ? { message: errors.map((d) => describeDiagnostic(d, label)).join('\n') }
      : warnings.length > 0
        ? { message: `warnings: ${warnings.map((d) => d.message).join('; ')}` }
        : {}),
  };
  if (errors.length > 0) return { checks: [validity], notices: [], dialects: {} };
  const validator = compileMessageValidator(model);
  const notices = validator.notices.map((n) => `${label}: ${n}`);
  const checks = [validity, ...schemaChecks(validator, label), ...exampleChecks(model, validator, label)];
  return { checks, notices, dialects: validator.dialects };
}

function schemaChecks(validator: MessageValidator, label: string): CheckResult[] {
  return validator.problems.map((problem) => {
    const where = `${label} channel ${problem.channel} message ${problem.messageId} ${problem.part} schema at ${problem.pointer || '(root)'}`;
    return problem.kind === 'invalid'
      ? { name: `${where} compiles`, status: 'failed', message: `${where} does not compile: ${problem.reason}` }
      : { name: `${where} is checked`, status: 'skipped', message: `not checked: ${problem.reason}` };
  });
}

function exampleChecks(model: AsyncApiModel, validator: MessageValidator, label: string): CheckResult[] {
  const checks: CheckResult[] = [];
  for (const channel of model.channels) {
    for (const message of channel.messages) {
      message.examples.forEach((example, index) => {
        const errors = validator.validateExample(channel.address, message.id, example);
        const name = `${label} example ${channel.address} ${message.name}#${example.name ?? index} matches payload and headers`;
        checks.push({
          name,
          status: errors.length === 0 ? 'passed' : 'failed',
          ...(errors.length > 0
            ? {
                message: errors.join('; '),
                evidence: [{ kind: 'text', text: `${JSON.stringify(example, null, 2)}\n\n${errors.join('\n')}` }],
              }
            : {}),
        });
      });
    }
  }
  return checks;
}
