export { parseDocumentText, readDocument } from '../../contracts/read-document.ts';
export { checkAsyncApiDocument } from './asyncapi-checks.ts';
export { contractDocumentsGate } from './gate.ts';
export { checkOpenApiDocument } from './openapi-checks.ts';
export { collectOpenApiExamples } from './openapi-examples.ts';
