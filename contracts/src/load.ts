import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ContractError } from './errors.ts';
import type { AsyncApiDocument, OpenApiDocument } from './types.ts';

/** Absolute path of `openapi.yaml`. */
export const openapiPath: string = fileURLToPath(new URL('../openapi.yaml', import.meta.url));

/** Absolute path of `asyncapi.yaml`. */
export const asyncapiPath: string = fileURLToPath(new URL('../asyncapi.yaml', import.meta.url));

const cache = new Map<string, unknown>();

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ContractError('CONTRACT_NOT_FOUND', `cannot read ${path}`, { cause });
  }
}

function loadYaml(path: string, versionKey: string): unknown {
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  const document: unknown = parse(readText(path));
  if (document === null || typeof document !== 'object' || !(versionKey in document)) {
    throw new ContractError('CONTRACT_INVALID', `${path} has no "${versionKey}" field`);
  }
  cache.set(path, document);
  return document;
}

/** The OpenAPI document's text, as served at `/openapi.yaml`. */
export function openapiText(): string {
  return readText(openapiPath);
}

/**
 * The parsed OpenAPI 3.1 document (parsed once; treat it as read-only).
 * @example const { info } = loadOpenApi(); // info.version === '1.0.0'
 */
export function loadOpenApi(): OpenApiDocument {
  return loadYaml(openapiPath, 'openapi') as OpenApiDocument;
}

/**
 * The parsed AsyncAPI 3.0 document (parsed once; treat it as read-only).
 * @example const { channels } = loadAsyncApi();
 */
export function loadAsyncApi(): AsyncApiDocument {
  return loadYaml(asyncapiPath, 'asyncapi') as AsyncApiDocument;
}
