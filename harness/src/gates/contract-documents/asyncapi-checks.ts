import type { CheckResult } from '../../report/types.ts';
import { type AsyncApiModel, loadAsyncApiModel } from '../asyncapi-traffic/asyncapi-model.ts';
import { compileMessageValidator } from '../asyncapi-traffic/message-validator.ts';

/** Checks an AsyncAPI document with @asyncapi/parser, then every message example against payload and headers. */
export async function checkAsyncApiDocument(path: string, label: string): Promise<CheckResult[]> {
  const started = performance.now();
  let model: AsyncApiModel;
  try {
    model = await loadAsyncApiModel(path);
  } catch (error) {
    return [{ name: `${label} is a valid AsyncAPI document`, status: 'failed', message: (error as Error).message }];
  }
  const errors = model.diagnostics.filter((d) => d.severity === 'error');
  const warnings = model.diagnostics.filter((d) => d.severity === 'warning');
  const validity: CheckResult = {
    name: `${label} is a valid AsyncAPI document`,
    status: errors.length === 0 ? 'passed' : 'failed',
    durationMs: Math.round(performance.now() - started),
    ...(errors.length > 0
      ? { message: errors.map((d) => `${d.path || '(root)'}: ${d.message}`).join('\n') }
      : warnings.length > 0
        ? { message: `warnings: ${warnings.map((d) => d.message).join('; ')}` }
        : {}),
  };
  if (errors.length > 0) return [validity];
  return [validity, ...exampleChecks(model, label)];
}

function exampleChecks(model: AsyncApiModel, label: string): CheckResult[] {
  const validator = compileMessageValidator(model);
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
