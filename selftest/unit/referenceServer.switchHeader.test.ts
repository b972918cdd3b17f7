/**
 * Switches chosen per request (server/switchSets.ts): with `switchesByHeader` (REFERENCE_SWITCH_HEADER=1),
 * the faults and tolerances a request names in `x-reference-switches` apply to that request alone, each
 * choice keeps its own stored resources as a server of its own would, an unknown name is a 400; without
 * the setting the header does nothing. In-process, on the seed pages in contracts/.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../src/config';
import { loadContracts } from '../../src/contracts/loadContracts';
import { FAULTS } from '../../server/faults';
import { createReferenceServer, type ReferenceServerOptions } from '../../server/referenceServer';
import { SWITCHES_HEADER } from '../../server/switchSets';
import { TOLERANCES } from '../../server/tolerances';

const suite = loadContracts(path.join(PROJECT_ROOT, 'contracts'));
const COLLECTION = '/beta/Security/ipSecurityProfiles';

type Call = (method: string, url: string, headers?: Record<string, string>) => Promise<Response>;

/** A server with `options` on a free port for the duration of `use`. */
async function withServer(options: Omit<ReferenceServerOptions, 'suite'>, use: (call: Call) => Promise<void>): Promise<void> {
  const server: http.Server = createReferenceServer({ suite, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call: Call = (method, url, headers = {}) =>
    fetch(`${origin}${url}`, {
      method,
      headers: { authorization: 'Bearer t', 'content-type': 'application/json', ...headers },
      ...((method === 'POST' || method === 'PATCH') && { body: '{}' }),
    });
  try {
    await use(call);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const choose = (names: string) => ({ [SWITCHES_HEADER]: names });
const BY_HEADER = { switchesByHeader: [...FAULTS, ...TOLERANCES] };

test('a fault chosen by header changes that request only', async () => {
  await withServer(BY_HEADER, async (call) => {
    expect((await call('POST', COLLECTION, choose('create-returns-200'))).status).toBe(200);
    expect((await call('POST', COLLECTION)).status, 'the next request, without the header').toBe(201);
    const plain = await call('GET', COLLECTION, choose('content-type-text-plain'));
    expect(plain.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect((await call('GET', COLLECTION)).headers.get('content-type')).toBe('application/json; charset=utf-8');
  });
});

test('a behaviour chosen by header holds for that request only: skips-auth serves a request without a token', async () => {
  await withServer(BY_HEADER, async (call) => {
    expect((await call('GET', COLLECTION, { authorization: '', ...choose('skips-auth') })).status).toBe(200);
    expect((await call('GET', COLLECTION, { authorization: '' })).status).toBe(401);
  });
});

test('header switches add to the server-wide ones; naming a server-wide one again adds nothing', async () => {
  await withServer({ ...BY_HEADER, switches: FAULTS.filter((fault) => fault.name === 'create-returns-200') }, async (call) => {
    const both = await call('POST', COLLECTION, choose('update-returns-204, create-returns-200'));
    expect(both.status, 'the server-wide fault still holds').toBe(200);
    const id = ((await both.json()) as { id: string }).id;
    expect((await call('PATCH', `${COLLECTION}/${id}`, choose('update-returns-204'))).status, 'the same choice: same server').toBe(204);
  });
});

test('each header value keeps its own state: a resource created under one choice is unknown under another', async () => {
  await withServer(BY_HEADER, async (call) => {
    const extra = choose('extra-properties');
    const created = (await (await call('POST', COLLECTION, extra)).json()) as { id: string; undocumentedFlag?: boolean };
    expect(created.undocumentedFlag).toBe(true);
    const item = `${COLLECTION}/${created.id}`;
    expect((await call('GET', item, extra)).status).toBe(200);
    expect((await call('GET', item)).status, 'no header: the server-wide state').toBe(404);
    expect((await call('GET', item, choose('pretty-printed'))).status, 'another choice').toBe(404);

    const plain = (await (await call('POST', COLLECTION)).json()) as { id: string };
    expect((await call('GET', `${COLLECTION}/${plain.id}`)).status).toBe(200);
    expect((await call('GET', `${COLLECTION}/${plain.id}`, extra)).status).toBe(404);
    const listed = (await (await call('GET', COLLECTION, extra)).json()) as { value: { id: string }[] };
    expect(listed.value.map((resource) => resource.id)).toEqual([created.id]);
  });
});

test('an unknown name in the header is a 400 in the Graph error shape, naming it and the known ones', async () => {
  await withServer(BY_HEADER, async (call) => {
    const refused = await call('GET', COLLECTION, choose('pretty-printed,no-such-switch'));
    expect(refused.status).toBe(400);
    const { error } = (await refused.json()) as { error: { code: string; message: string; innerError: unknown } };
    expect(error.code).toBe('BadRequest');
    expect(error.message).toMatch(/^x-reference-switches: unknown switch no-such-switch; known: create-returns-200, /);
    expect(error.message).toContain('nested-documented-elsewhere');
    expect(error.innerError).toBeDefined();
  });
});

test('without switchesByHeader (REFERENCE_SWITCH_HEADER unset) the header does nothing', async () => {
  await withServer({}, async (call) => {
    expect((await call('POST', COLLECTION, choose('create-returns-200'))).status).toBe(201);
    expect((await call('GET', COLLECTION, choose('no-such-switch'))).status).toBe(200);
  });
});
