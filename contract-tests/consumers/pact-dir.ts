import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where consumer tests write pact files: `PACT_DIR` (set by the pact-consumers gate) or `<repo>/pacts`. */
export const PACT_DIR = process.env.PACT_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../pacts');
