import { resolve } from 'node:path';
import type { CheckResult } from '../../report/types.ts';
import type { Gate } from '../types.ts';
import { checkAsyncApiDocument, type DocumentChecks } from './asyncapi-checks.ts';
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
  async run({ loaded, log }) {
    const { openapi, asyncapi, remoteRefs } = loaded.config.contracts ?? {};
    const documents: DocumentChecks[] = [];
    const options = remoteRefs ? { remoteRefs: { refs: remoteRefs, baseDir: loaded.dir } } : {};
    if (openapi) documents.push(await checkOpenApiDocument(resolve(loaded.dir, openapi.path), openapi.path, options));
    if (asyncapi) {
      documents.push(await checkAsyncApiDocument(resolve(loaded.dir, asyncapi.path), asyncapi.path, options));
    }
    const checks = documents.flatMap((d) => d.checks);
    const notices = documents.flatMap((d) => d.notices);
    for (const notice of notices) log(`contract-documents: ${notice}`);
    const schemaDialects = documents.map((d) => d.dialects);
    return { checks, details: { summary: summarize(checks, notices.length), notices, schemaDialects } };
  },
};

function summarize(checks: readonly CheckResult[], notices: number): string {
  const examples = checks.filter((c) => c.name.includes(' example ')).length;
  const documents = checks.filter((c) => / is a valid (OpenAPI|AsyncAPI) document$/.test(c.name)).length;
  const failed = checks.filter((c) => c.status === 'failed').length;
  const notChecked = checks.filter((c) => c.status === 'skipped').length;
  return [
    `${documents} documents, ${examples} examples, ${failed} failed`,
    ...(notChecked > 0 ? [`${notChecked} schemas not checked (unsupported format)`] : []),
    ...(notices > 0 ? [`${notices} notes (unknown formats or keywords, treated as annotations)`] : []),
  ].join(', ');
}
