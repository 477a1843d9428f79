/**
 * Writes the API's OpenAPI document and the TypeScript types openapi-typescript makes of it
 * (`test/generated/api.ts`, used by the openapi-fetch client in the tests and by third parties).
 * `npm run openapi -w @guildhall/gateway-http`; the contract test fails when they are stale.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiTypesSource, documentOfApp } from '../test/support/openapi-document.js';

const here = dirname(fileURLToPath(import.meta.url));
const doc = documentOfApp();
writeFileSync(resolve(here, '../openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
writeFileSync(resolve(here, '../test/generated/api.ts'), await apiTypesSource(doc));
console.log(`wrote openapi.json (${Object.keys(doc.paths ?? {}).length} paths) and test/generated/api.ts`);
