import { resolve } from 'node:path';
import type { CheckResult } from '../../report/types.ts';
import type { Gate } from '../types.ts';
import { checkAsyncApiDocument } from './asyncapi-checks.ts';
import { checkOpenApiDocument } from './openapi-checks.ts';

/** Validates the configured OpenAPI and AsyncAPI documents and every example in them against its schema. */
export const contractDocumentsGate: Gate = {
  name: 'contract-documents',
  description: 'OpenAPI and AsyncAPI documents are valid; every example matches its payload, headers or body schema',
  needs: [],
  applies(loaded) {
    const contracts = loaded.config.contracts;
    return contracts?.openapi || contracts?.asyncapi
      ? { ok: true }
      : { ok: false, reason: 'no contracts.openapi or contracts.asyncapi in the config' };
  },
  async run({ loaded }) {
    const { openapi, asyncapi } = loaded.config.contracts ?? {};
    const checks: CheckResult[] = [];
    if (openapi) checks.push(...(await checkOpenApiDocument(resolve(loaded.dir, openapi.path), openapi.path)));
    if (asyncapi) checks.push(...(await checkAsyncApiDocument(resolve(loaded.dir, asyncapi.path), asyncapi.path)));
    const examples = checks.filter((c) => c.name.includes(' example ')).length;
    const failed = checks.filter((c) => c.status === 'failed').length;
    return {
      checks,
      details: { summary: `${checks.length - examples} documents, ${examples} examples, ${failed} failed` },
    };
  },
};
