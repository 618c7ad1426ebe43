import type { CheckResult } from '../../report/types.ts';
import type { OpenApiExampleResults } from './openapi-examples.ts';

type ExampleResult = OpenApiExampleResults['results'][number];

/**
 * One check per example; a shared example that fails against a shared schema the same way wherever both are
 * referenced is one failed check naming every place (one defect, one failure), not one per operation.
 */
export function exampleChecks(results: readonly ExampleResult[], label: string): CheckResult[] {
  const repeats = new Map<string, ExampleResult[]>();
  for (const result of results) {
    const key = repeatKey(result);
    if (key !== undefined) repeats.set(key, [...(repeats.get(key) ?? []), result]);
  }
  return results.flatMap((result): CheckResult[] => {
    const name = `${label} example ${result.example.at} matches its schema`;
    if (result.errors.length === 0) return [{ name, status: 'passed' }];
    const same = repeats.get(repeatKey(result) ?? '') ?? [result];
    if (same[0] !== result) return [];
    return [failed(name, result, same.slice(1))];
  });
}

function repeatKey({ example, errors }: ExampleResult): string | undefined {
  return example.shared && errors.length > 0 ? `${example.shared}\n${errors.join('\n')}` : undefined;
}

function failed(name: string, { example, errors }: ExampleResult, others: readonly ExampleResult[]): CheckResult {
  const elsewhere = others.map((o) => o.example.at);
  const also =
    elsewhere.length > 0
      ? `; the same example (${example.shared}) fails the same way at ${elsewhere.length} more ${elsewhere.length === 1 ? 'place' : 'places'}: ` +
        `${elsewhere.slice(0, 3).join(', ')}${elsewhere.length > 3 ? ', …' : ''}`
      : '';
  const places = elsewhere.length > 0 ? `\n\nalso at:\n${elsewhere.join('\n')}` : '';
  return {
    name,
    status: 'failed',
    message: `${errors.join('; ')}${also}`,
    evidence: [{ kind: 'text', text: `${JSON.stringify(example.value, null, 2)}\n\n${errors.join('\n')}${places}` }],
  };
}
