import { expect } from 'vitest';
import { responseProblems } from './contract-validators.ts';
import { request } from './http.ts';

/** A response already checked against openapi.yaml. */
export interface CheckedResponse<Body> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
  readonly text: string;
}

/**
 * Calls the service and fails the test when the response is not what openapi.yaml documents for the operation
 * (`template` is the documented path, e.g. `/orders/{id}`).
 */
export async function call<Body = Record<string, unknown>>(
  baseUrl: string,
  options: {
    method: string;
    template: string;
    path?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  },
): Promise<CheckedResponse<Body>> {
  const response = await request(`${baseUrl}${options.path ?? options.template}`, {
    method: options.method,
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.rawBody === undefined ? {} : { rawBody: options.rawBody }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
  });
  const problems = responseProblems({
    path: options.template,
    method: options.method,
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: response.body,
  });
  expect(
    problems,
    `${options.method} ${options.path ?? options.template} → ${response.status} ${response.text}`,
  ).toEqual([]);
  expect(response.headers.get('x-correlation-id')).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  return response as CheckedResponse<Body>;
}
