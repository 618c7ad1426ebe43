import { loadOpenApi } from '@tracegate/contracts';
import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

/** Validates every request (path, query, headers, body) against contracts/openapi.yaml. */
export function openApiValidation(): RequestHandler[] {
  const apiSpec = structuredClone(loadOpenApi()) as unknown as Parameters<
    typeof OpenApiValidator.middleware
  >[0]['apiSpec'];
  return OpenApiValidator.middleware({
    apiSpec,
    validateRequests: { allowUnknownQueryParameters: false, allErrors: true },
    validateResponses: false,
    validateSecurity: false,
  }) as unknown as RequestHandler[];
}
