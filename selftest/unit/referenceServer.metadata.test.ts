/**
 * The `$metadata` seam (server/serviceMetadata.ts): a server given a metadata document answers it at
 * `{base}/$metadata`, to a request with a token, as given, whatever its switches; without one, 404 as
 * for any undocumented path. In-process, on the seed pages in contracts/.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../src/config';
import { loadContracts } from '../../src/contracts/loadContracts';
import { createReferenceServer, type ReferenceServerOptions } from '../../server/referenceServer';
import { TOLERANCES } from '../../server/tolerances';

const suite = loadContracts(path.join(PROJECT_ROOT, 'contracts'));
const CSDL = '<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"/>';

async function metadataResponses(options: Omit<ReferenceServerOptions, 'suite'>) {
  const server = createReferenceServer({ suite, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/beta`;
  const get = (url: string, init: RequestInit = {}) => fetch(`${base}${url}`, { headers: { authorization: 'Bearer t' }, ...init });
  try {
    const read = await get('/$metadata');
    return {
      read: { status: read.status, type: read.headers.get('content-type'), text: await read.text() },
      withoutToken: (await get('/$metadata', { headers: {} })).status,
      asJson: (await get('/$metadata?$format=json')).status,
      posted: (await get('/$metadata', { method: 'POST' })).status,
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test('GET {base}/$metadata answers the document given, with a token, untouched by switches; 404 without one', async () => {
  const switches = TOLERANCES.filter((entry) => ['content-type-case', 'request-id-headers'].includes(entry.name));
  expect(await metadataResponses({ metadata: { text: CSDL, contentType: 'application/xml' }, switches })).toEqual({
    read: { status: 200, type: 'application/xml', text: CSDL },
    withoutToken: 401,
    asJson: 406,
    posted: 405,
  });
  expect((await metadataResponses({})).read.status).toBe(404);
});
