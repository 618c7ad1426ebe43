import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HarnessError } from '../errors.ts';
import { DocumentSyntaxError, parseJsonText } from './json-text.ts';

/** How a document's text is read, from its name: `.json` is strict JSON; `.yaml`/`.yml` and others YAML or JSON. */
export type DocumentFormat = 'json' | 'yaml';

/** The format a file name says: `json` for `.json`, else `yaml` (YAML 1.2 reads JSON too). */
export function documentFormat(where: string): DocumentFormat {
  return /\.json$/i.test(where) ? 'json' : 'yaml';
}

/** Reads a file's text as UTF-8; `what` names it in the error. */
export function readText(path: string, what = 'contract document'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new HarnessError('CONFIG_NOT_FOUND', `cannot read ${what} ${path}`, { cause: error });
  }
}

/** Reads a YAML or JSON contract document into plain data (see `parseDocumentText`). */
export function readDocument(path: string): Record<string, unknown> {
  return parseDocumentText(readText(path), path);
}

/**
 * Parses contract document text; `where` names it in errors and its extension chooses the reader. A `.json`
 * document is strict JSON (no YAML fallback; a repeated key or a syntax error is placed at `line:column`). Any
 * other name reads JSON text as strict JSON (fast) and everything else as YAML.
 * @example parseDocumentText('openapi: 3.1.0\npaths: {}\n', 'openapi.yaml')
 */
export function parseDocumentText(text: string, where: string): Record<string, unknown> {
  const data = documentFormat(where) === 'json' ? parseJsonText(text, where) : parseYamlOrJson(text, where);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new HarnessError('CONFIG_INVALID', `${where}: expected a document object`);
  }
  return data as Record<string, unknown>;
}

/**
 * JSON text as JSON: the YAML parser reads an 11 MB JSON description in seconds where `JSON.parse` takes a tenth of
 * one. Text that is not JSON goes to the YAML parser; when that fails too, JSON-shaped text gets the JSON error.
 */
function parseYamlOrJson(text: string, where: string): unknown {
  let jsonError: DocumentSyntaxError | undefined;
  if (/^\uFEFF?\s*[{[]/.test(text)) {
    try {
      return parseJsonText(text, where);
    } catch (error) {
      // A repeated key is refused by the YAML parser as well: say where it is, in JSON's terms.
      if (!(error instanceof DocumentSyntaxError) || error.problem === 'duplicate-key') throw error;
      jsonError = error;
    }
  }
  try {
    return parseYaml(text, { prettyErrors: true });
  } catch (error) {
    if (jsonError) throw jsonError;
    throw new HarnessError('CONFIG_INVALID', `${where}: not valid YAML/JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
