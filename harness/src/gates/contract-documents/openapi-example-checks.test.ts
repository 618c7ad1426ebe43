import { describe, expect, it } from 'vitest';
import { checkOpenApiDocument } from './openapi-checks.ts';
import { writeTempDocument } from './testing.ts';

const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const shared = (status: string) => ({
  description: status,
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
      examples: { generic: { $ref: `#/components/examples/generic-${status}` } },
    },
  },
});

// Adyen's Balance Platform API (APIs-guru) references one error example per status from every operation: one
// wrong field in it made 203 failed checks.
describe('OpenAPI example checks', () => {
  it('reports a shared example failing against a shared schema once, naming every place', async () => {
    const operation = { responses: { 400: shared('400'), 404: shared('404') } };
    const path = writeTempDocument('openapi.yaml', {
      openapi: '3.0.3',
      info: { title: 'balance platform', version: '2' },
      paths: {
        '/accounts': { get: operation, post: operation },
        '/cards': {
          get: {
            responses: {
              400: {
                description: 'inline',
                ...error,
                content: { 'application/json': { ...error.content['application/json'], example: { errorCode: 256 } } },
              },
            },
          },
        },
      },
      components: {
        schemas: { Error: { type: 'object', properties: { errorCode: { type: 'string' } } } },
        examples: { 'generic-400': { value: { errorCode: 256 } }, 'generic-404': { value: { errorCode: '404' } } },
      },
    });
    const { checks } = await checkOpenApiDocument(path, 'openapi.yaml');
    const failed = checks.filter((c) => c.status === 'failed').map((c) => [c.name, c.message]);
    expect(failed).toEqual([
      [
        'openapi.yaml example /paths/~1accounts/get/responses/400/content/application~1json/examples/generic matches its schema',
        'example/errorCode must be string; the same example (#/components/examples/generic-400 against ' +
          '#/components/schemas/Error) fails the same way at 1 more place: ' +
          '/paths/~1accounts/post/responses/400/content/application~1json/examples/generic',
      ],
      [
        'openapi.yaml example /paths/~1cards/get/responses/400/content/application~1json/example matches its schema',
        'example/errorCode must be string',
      ],
    ]);
    expect(checks.filter((c) => c.status === 'passed' && c.name.includes(' example '))).toHaveLength(2);
  });
});
