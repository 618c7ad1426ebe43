import type { OpenApiDocument } from '@tracegate/contracts';
import { dereference } from '@tracegate/contracts';
import type { RequestHandler } from 'express';
import { ValidationError } from '../errors.ts';

/** A query parameter the OpenAPI document types as a number or an integer. */
interface NumericParameter {
  readonly name: string;
  readonly integer: boolean;
}

interface NumericOperation {
  readonly method: string;
  readonly path: RegExp;
  readonly parameters: readonly NumericParameter[];
}

// Decimal digits only: no Infinity, exponent, hex/binary prefix, fraction or surrounding space, which Number() takes.
const integerText = /^-?(0|[1-9][0-9]*)$/;
const numberText = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function pathPattern(template: string): RegExp {
  const parts = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}$`);
}

function numericParameters(document: OpenApiDocument, parameters: unknown): NumericParameter[] {
  const resolved = dereference(document, parameters ?? []) as {
    name?: string;
    in?: string;
    schema?: { type?: unknown };
  }[];
  return resolved.flatMap((parameter) => {
    const type = parameter.schema?.type;
    if (parameter.in !== 'query' || typeof parameter.name !== 'string') return [];
    if (type !== 'integer' && type !== 'number') return [];
    return [{ name: parameter.name, integer: type === 'integer' }];
  });
}

/** Every operation of the document with a numeric query parameter. */
export function numericOperations(document: OpenApiDocument): NumericOperation[] {
  return Object.entries(document.paths).flatMap(([template, item]) => {
    const pathItem = item as Record<string, { parameters?: unknown } | undefined> & { parameters?: unknown };
    const shared = numericParameters(document, pathItem.parameters);
    return methods.flatMap((method) => {
      const operation = pathItem[method];
      if (!operation) return [];
      const parameters = [...shared, ...numericParameters(document, operation.parameters)];
      return parameters.length === 0 ? [] : [{ method: method.toUpperCase(), path: pathPattern(template), parameters }];
    });
  });
}

/**
 * Rejects numeric query parameters not written as plain decimal numbers before the OpenAPI validator coerces them
 * (it turns `Infinity`, `1e400`, `0x10` and `100.0` into numbers that pass its range checks or the type).
 */
export function strictNumericQuery(document: OpenApiDocument): RequestHandler {
  const operations = numericOperations(document);
  return (req, _res, next) => {
    const operation = operations.find((op) => op.method === req.method && op.path.test(req.path));
    if (!operation) return next();
    const query = req.query as Record<string, unknown>;
    const invalid = operation.parameters.flatMap((parameter) => {
      const values = ([] as unknown[]).concat(query[parameter.name] ?? []);
      const grammar = parameter.integer ? integerText : numberText;
      const ok = values.every((value) => typeof value === 'string' && value !== '' && grammar.test(value));
      const what = parameter.integer ? 'an integer' : 'a number';
      return ok ? [] : [{ field: `/query/${parameter.name}`, message: `must be ${what} in plain decimal digits` }];
    });
    next(invalid.length === 0 ? undefined : new ValidationError(invalid));
  };
}
