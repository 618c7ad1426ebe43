import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HarnessError } from '../../errors.ts';

/** Reads a YAML or JSON contract document into plain data. */
export function readDocument(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new HarnessError('CONFIG_NOT_FOUND', `cannot read contract document ${path}`, { cause: error });
  }
  return parseDocumentText(text, path);
}

/** Parses contract document text (YAML is a superset of JSON); `where` names it in errors. */
export function parseDocumentText(text: string, where: string): Record<string, unknown> {
  let data: unknown = parseJson(text);
  try {
    data ??= parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new HarnessError('CONFIG_INVALID', `${where}: not valid YAML/JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new HarnessError('CONFIG_INVALID', `${where}: expected a document object`);
  }
  return data as Record<string, unknown>;
}

/**
 * JSON text as JSON: the YAML parser reads an 11 MB JSON description in seconds where `JSON.parse` takes a tenth of
 * one. Anything else (YAML, JSON with comments or trailing commas) is left to the YAML parser and its messages.
 */
function parseJson(text: string): unknown {
  if (!/^\s*[{[]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
