/**
 * The third witness in the checks: the metadata check, and the verdict each broken promise gets (docs,
 * metadata, service, retired), on the seeds with the CSDL their pages imply, changed as a service's own
 * metadata may differ. Also: a run's metadata found once (METADATA auto, files, off; a service without one).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { runChecks, brokenMessage, type CheckReport } from '../../src/checks/run';
import { judgeVerdicts } from '../../src/checks/verdicts';
import { loadSettings } from '../../src/config';
import type { ReceivedResponse } from '../../src/core/http';
import { loadContracts } from '../../src/contracts/loadContracts';
import { impliedCsdl } from '../../src/impliedMetadata/impliedCsdl';
import { mergeCsdlXml } from '../../src/metadata/mergeCsdl';
import { readMetadata } from '../../src/metadata/readMetadata';
import { findMetadata } from '../../src/replay/metadataSource';
import { Session } from '../../src/replay/session';
import { SchemaStore } from '../../src/schema/schemaStore';
import { ServiceMetadata } from '../../src/schema/serviceMetadata';

const suite = loadContracts('contracts');
const schemas = new SchemaStore(suite.registry);
const create = suite.examples.find((example) => example.title === 'create-domainsecurityprofile.md#create_domainsecurityprofile_from_')!;
const csdl = impliedCsdl(suite);
const documented = () => structuredClone(create.expected.example) as Record<string, unknown>;

async function judged(metadataText: string | undefined, body: Record<string, unknown>, retired = false): Promise<CheckReport[]> {
  const metadata = metadataText === undefined ? undefined : ServiceMetadata.read([{ name: 'test.xml', text: metadataText }]);
  const response: ReceivedResponse = {
    status: 201,
    statusText: 'Created',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    json: body,
  };
  const context = {
    contract: create,
    exchange: { request: { method: 'POST', url: 'http://127.0.0.1/beta/Security/domainSecurityProfiles', headers: {} }, response },
    schemas,
    registry: suite.registry,
    readBack: () => Promise.resolve([]),
    metadata,
    metadataNote: 'METADATA=off',
  };
  return judgeVerdicts(create, await runChecks(context), { metadata, retired });
}

const lines = (reports: CheckReport[]) =>
  reports.flatMap((report) => (report.outcome === 'broken' ? brokenMessage(report.check, report.violations).split('\n').slice(1) : []));

test('a response keeping page and metadata: every check kept, the metadata check included', async () => {
  const reports = await judged(csdl, documented());
  expect(reports.map((r) => [r.check, r.outcome])).toContainEqual(['metadata', 'kept']);
  expect(lines(reports)).toEqual([]);
});

test('keeps the metadata, breaks the page: docs, saying what the metadata declares', async () => {
  const reports = await judged(csdl.replace(/Type="Edm\.Int32"/g, 'Type="Edm.Int64"'), { ...documented(), countHits: 2 ** 31 });
  expect(lines(reports)).toContain(
    '  - [docs] countHits: expected Int32, got number 2147483648 (out of Int32 range; the metadata declares Int64)',
  );
});

test('keeps the page, breaks the metadata: metadata', async () => {
  const reports = await judged(csdl.replace(/(<Property Name="countHits" Type=")Edm\.Int32/, '$1Edm.Boolean'), documented());
  expect(lines(reports)).toEqual([expect.stringMatching(/^ {2}- \[metadata\] countHits: expected Boolean, got number 9$/)]);
});

test('breaks both: service, on both lines', async () => {
  const reports = await judged(csdl, { ...documented(), countHits: '9' });
  const broken = lines(reports).filter((line) => line.includes('countHits'));
  expect(broken.length).toBeGreaterThanOrEqual(2);
  for (const line of broken) expect(line).toMatch(/^ {2}- \[service\] /);
});

test('past its RemovalDate: retired; without metadata: no verdict and no metadata check', async () => {
  expect(lines(await judged(csdl, { ...documented(), countHits: '9' }, true)).every((line) => line.startsWith('  - [retired] '))).toBe(
    true,
  );
  const twoWitnesses = await judged(undefined, { ...documented(), countHits: '9' });
  expect(lines(twoWitnesses).some((line) => /\[\w+\]/.test(line))).toBe(false);
  expect(twoWitnesses.find((r) => r.check === 'metadata')).toMatchObject({ outcome: 'not-applicable', reason: 'METADATA=off' });
});

test("an annotation document merged into the types' document says what both say together", () => {
  const types = csdl;
  const annotations = `<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <Annotations Target="microsoft.graph.domainSecurityProfile"><Annotation Term="Org.OData.Core.V1.Description" String="x" /></Annotations>
    </Schema></edmx:DataServices></edmx:Edmx>`;
  const merged = readMetadata([
    {
      name: 'merged.xml',
      text: mergeCsdlXml([
        { name: 'a', text: types },
        { name: 'b', text: annotations },
      ]),
    },
  ]);
  const apart = readMetadata([
    { name: 'a', text: types },
    { name: 'b', text: annotations },
  ]);
  expect([...merged.types.keys()].sort()).toEqual([...apart.types.keys()].sort());
  expect(JSON.stringify(merged.types.get('microsoft.graph.domainSecurityProfile')?.annotations)).toBe(
    JSON.stringify(apart.types.get('microsoft.graph.domainSecurityProfile')?.annotations),
  );
});

test.describe('the run finds its metadata once (METADATA)', () => {
  /** A target answering $metadata with `status` and `body`. */
  async function target(status: number, body: string) {
    const server = http.createServer((_request, reply) => reply.writeHead(status, { 'content-type': 'application/xml' }).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/beta`, close: () => server.close() };
  }
  const find = (env: Record<string, string>) => {
    const settings = loadSettings({ API_TOKEN: 't', ...env }, process.cwd());
    return findMetadata(settings, Session.fromSettings(settings));
  };

  test("auto: the target's own $metadata, named with its size and hash", async () => {
    const served = await target(200, csdl);
    try {
      const found = await find({ BASE_URL: served.base });
      expect(found).toMatchObject({
        source: `GET ${served.base}/$metadata`,
        bytes: Buffer.byteLength(csdl),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    } finally {
      served.close();
    }
  });

  test('auto against a service without $metadata: a note, not a failure; off: none', async () => {
    const served = await target(404, '{"error":{"code":"NotFound","message":"x"}}');
    try {
      expect((await find({ BASE_URL: served.base })).note).toMatch(/^no service metadata: GET .*\/\$metadata answered 404/);
      expect((await find({ BASE_URL: served.base, METADATA: 'off' })).note).toMatch(/^METADATA=off/);
    } finally {
      served.close();
    }
  });

  test('a file: read as it is; a file that does not exist is a configuration error', async () => {
    const found = await find({ METADATA: 'contracts/metadata/security-profiles-fragments.xml' });
    expect(found.source).toMatch(/security-profiles-fragments\.xml$/);
    expect(() => loadSettings({ METADATA: 'no/such.xml' }, process.cwd())).toThrow(/METADATA: .*no\/such\.xml is not a file/);
  });
});
