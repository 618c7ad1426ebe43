import { loadOpenApi } from '@tracegate/contracts';
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { strictNumericQuery } from './numeric-query.ts';

/** Validates every request (path, query, headers, body) against contracts/openapi.yaml. */
export function openApiValidation(): RequestHandler[] {
  const document = loadOpenApi();
  const apiSpec = structuredClone(document) as unknown as Parameters<typeof OpenApiValidator.middleware>[0]['apiSpec'];
  const validator = OpenApiValidator.middleware({
    apiSpec,
    validateRequests: { allowUnknownQueryParameters: false, allErrors: true },
    validateResponses: false,
    validateSecurity: false,
  }) as unknown as RequestHandler[];
  return [strictNumericQuery(document), ...validator];
}
