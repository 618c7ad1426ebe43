import { createRequire } from 'node:module';
import type { Ajv as AjvCore, ErrorObject, Options } from 'ajv';
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { useFastFormats } from './fast-formats.ts';

const addFormats = addFormatsModule as unknown as (ajv: AjvCore) => AjvCore;
const AjvDraft04 = AjvDraft04Module as unknown as new (options: Options) => AjvCore;
const draft06MetaSchema = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as object;

/** The JSON Schema drafts a contract schema can be written in. */
export type JsonSchemaDialect = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

/** Keywords that OpenAPI and AsyncAPI allow in a schema beside JSON Schema's own; annotations only. */
const ANNOTATIONS = ['discriminator', 'externalDocs', 'xml', 'example', 'deprecated', 'examples', 'readOnly'];

/**
 * Compiles a schema's `pattern` as ajv does (ECMA-262 with the `u` flag) or, when unicode mode rejects it, without the
 * flag: `^[a-z\:]+$` (an identity escape unicode mode forbids) is a valid ECMA-262 pattern, common in documents others
 * wrote, and other validators accept it. A pattern no mode accepts still fails to compile.
 */
const patternRegExp = Object.assign(
  (pattern: string, u: string): RegExp => {
    try {
      return new RegExp(pattern, u);
    } catch (error) {
      if (u === '') throw error;
      return new RegExp(pattern, '');
    }
  },
  { code: 'patternRegExp' },
);

/** Options of `createContractAjv`. */
export interface ContractAjvOptions {
  /** JSON Schema draft whose rules compile the schemas (default 2020-12). */
  readonly dialect?: JsonSchemaDialect;
  readonly coerceTypes?: boolean;
  /** Receives what ajv reports as ignored (an unknown keyword); the schema still compiles. */
  readonly notice?: (text: string) => void;
  /**
   * The keyword that names a schema (default: `id` in draft-04, else `$id`). OpenAPI 3.0 Schema Objects have no `id`,
   * so a document checked as draft-04 passes `$id`: its parameters, properties or schemas named `id` stay names.
   */
  readonly schemaId?: 'id' | '$id';
  /**
   * Whether a referenced schema without references of its own is inlined into each validator (default true, ajv's).
   * False compiles it once as a function every validator calls: cheaper when many validators share large schemas.
   */
  readonly inlineRefs?: boolean;
}

/**
 * An ajv for contract schemas, compiling by the rules of one JSON Schema draft, with formats. Unknown keywords are
 * annotations, as JSON Schema says; each is passed to `notice` so a typo stays visible, except specification
 * extensions (`x-…`), which OpenAPI and AsyncAPI allow in a Schema Object.
 * @example createContractAjv({ dialect: 'draft-07' }).compile({ type: 'object' })
 */
export function createContractAjv(options: ContractAjvOptions = {}): AjvCore {
  const notice = options.notice ?? (() => {});
  const settings: Options = {
    strict: true,
    strictSchema: 'log',
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    validateFormats: true,
    coerceTypes: options.coerceTypes ?? false,
    inlineRefs: options.inlineRefs ?? true,
    code: { regExp: patternRegExp },
    logger: { log: () => {}, warn: (...args: unknown[]) => noticeUnlessExtension(notice, args), error: () => {} },
  };
  const ajv = newAjv(options.dialect ?? '2020-12', settings);
  // ajv-draft-04 sets `schemaId: 'id'` in its constructor, over any option given to it.
  if (options.schemaId) (ajv.opts as { schemaId: 'id' | '$id' }).schemaId = options.schemaId;
  for (const keyword of ANNOTATIONS) if (!ajv.RULES.keywords[keyword]) ajv.addKeyword(keyword);
  return useFastFormats(addFormats(ajv));
}

/** ajv's strict-mode note for a keyword it does not know: `strict mode: unknown keyword: "<name>"`. */
const UNKNOWN_KEYWORD = /unknown keyword: "([^"]*)"/;

/**
 * Passes an ajv note on, unless it is about a specification extension: ajv declares keywords by exact name only
 * (`addKeyword` takes no pattern, and names such as `x-value.subject.name.strategy` are not valid ones), so the
 * `x-` prefix is recognised here, where strict mode reports it.
 */
function noticeUnlessExtension(notice: (text: string) => void, args: readonly unknown[]): void {
  const text = args.map(String).join(' ');
  if (!isExtension(UNKNOWN_KEYWORD.exec(text)?.[1] ?? '')) notice(text);
}

/** Whether a key is a specification extension: OpenAPI and AsyncAPI name them `^x-`. */
export function isExtension(key: string): boolean {
  return key.startsWith('x-');
}

function newAjv(dialect: JsonSchemaDialect, settings: Options): AjvCore {
  switch (dialect) {
    case 'draft-04':
      return new AjvDraft04(settings);
    case 'draft-06': {
      const ajv = new Ajv(settings) as unknown as AjvCore;
      ajv.addMetaSchema(draft06MetaSchema);
      return ajv;
    }
    case 'draft-07':
      return new Ajv(settings) as unknown as AjvCore;
    case '2019-09':
      return new Ajv2019(settings) as unknown as AjvCore;
    case '2020-12':
      return new Ajv2020(settings) as unknown as AjvCore;
  }
}

/** Keys whose values are data, not schemas: a `format` inside them names no format. */
const VALUE_KEYS = new Set(['example', 'examples', 'enum', 'const', 'default']);

/** Keys whose members are names (a property `x-id` is a name, not an extension). */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'schemas']);

/**
 * Registers every `format` the schema names that ajv does not know as an annotation (always valid), as JSON Schema
 * treats unknown formats; returns those a schema names (outside `x-…` extensions and example values) to be reported.
 */
export function registerUnknownFormats(ajv: AjvCore, schema: unknown): string[] {
  const unknown = new Map<string, boolean>();
  const visit = (node: unknown, reported: boolean, names: boolean, seen: Set<object>): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const format = (node as Record<string, unknown>).format;
    if (typeof format === 'string' && !(format in ajv.formats))
      unknown.set(format, (unknown.get(format) ?? false) || reported);
    for (const [key, child] of Object.entries(node)) {
      const data = !names && (isExtension(key) || VALUE_KEYS.has(key));
      visit(child, reported && !data, !names && NAME_MAPS.has(key), seen);
    }
  };
  visit(schema, true, false, new Set());
  for (const format of unknown.keys()) ajv.addFormat(format, true);
  return [...unknown].filter(([, reported]) => reported).map(([format]) => format);
}

/** ajv errors as one readable line each: `<where> <message> (<params>)`. */
export function describeErrors(prefix: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  if (!errors) return [];
  // A loop into a sized array, not map: this runs for every invalid message the traffic check sees.
  const lines = new Array<string>(errors.length);
  for (let i = 0; i < errors.length; i += 1) {
    const error = errors[i] as ErrorObject;
    lines[i] = `${prefix}${error.instancePath} ${error.message ?? 'is invalid'}${describeParams(error)}`;
  }
  return lines;
}

function describeParams(error: ErrorObject): string {
  // By keyword, not by probing params with `in`: this runs for every error of every invalid message.
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'additionalProperty' in params ? `: "${String(params.additionalProperty)}"` : '';
    case 'enum':
      return `: ${schemaJson(params.allowedValues)}`;
    case 'const':
      return `: ${schemaJson(params.allowedValue)}`;
    default:
      return '';
  }
}

// The allowed values of an error are the compiled schema's own (unchanging) arrays and objects: rendered once each.
const renderedValues = new WeakMap<object, string>();

function schemaJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  let text = renderedValues.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    renderedValues.set(value, text);
  }
  return text;
}
