/**
 * Against a server that answers every request with exactly the response its page documents (status,
 * headers, body), no test may fail for a property that response does not show: the suite holds a
 * response to what the documents promise, and truncated examples promise only what they show. The
 * pages are real ones (fixtures/pages/documented, copied from the Graph reference) for common
 * resources, most with truncated examples of default property sets.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from '@playwright/test';
import type { ContractExample } from '../../src/contracts/contractExample';
import { loadContracts } from '../../src/contracts/loadContracts';
import { placeholderName } from '../../src/contracts/paths';
import { PROJECT_ROOT, suiteTest as test } from '../support/runSuite';

const PAGES = path.join(PROJECT_ROOT, 'fixtures', 'pages', 'documented', 'api');
const VERSION = '/v1.0';
const STALE_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);

const sameSegment = (documented: string, sent: string) =>
  placeholderName(documented) !== undefined || documented.toLowerCase() === sent.toLowerCase();

/** The documented example a request replays: same method and path, then the same query and body if several. */
function documentedExampleFor(examples: readonly ContractExample[], method: string, url: URL, body: string): ContractExample | undefined {
  const segments = decodeURIComponent(url.pathname.slice(VERSION.length)).split('/').filter(Boolean);
  const query = decodeURIComponent(url.search);
  const candidates = examples.filter(
    (e) =>
      e.method === method &&
      e.pair.response &&
      e.path.segments.length === segments.length &&
      e.path.segments.every((s, i) => sameSegment(s, segments[i])),
  );
  const score = (e: ContractExample) => (decodeURIComponent(e.path.query) === query ? 2 : 0) + (e.body?.text === body ? 1 : 0);
  return candidates.sort((a, b) => score(b) - score(a))[0];
}

/** Answers each request with its page's documented response; what no page documents (clean-up deletes) gets 204. */
function documentedResponseServer(examples: readonly ContractExample[]): http.Server {
  return http.createServer((request, reply) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://documented.invalid');
      const example = documentedExampleFor(examples, request.method ?? 'GET', url, Buffer.concat(chunks).toString('utf8'));
      const response = example?.pair.response;
      if (!response?.status) return void reply.writeHead(204).end();
      const headers = Object.fromEntries(response.headers.filter(([name]) => !STALE_HEADERS.has(name.toLowerCase())));
      const body = response.body?.value !== undefined ? JSON.stringify(response.body.value) : (response.body?.text ?? '');
      reply.writeHead(response.status, headers).end(body);
    });
  });
}

interface JsonSuite {
  suites?: JsonSuite[];
  specs?: { title: string; tests: { status: string; results: { errors?: { message?: string }[] }[] }[] }[];
}

/** `title: message` of every failed test in a JSON report. */
function failures(suite: JsonSuite, found: string[] = []): string[] {
  for (const spec of suite.specs ?? []) {
    for (const run of spec.tests.filter((t) => t.status === 'unexpected')) {
      for (const result of run.results) for (const error of result.errors ?? []) found.push(`${spec.title}: ${error.message ?? ''}`);
    }
  }
  for (const child of suite.suites ?? []) failures(child, found);
  return found;
}

test('the pages are real pages with truncated examples, most of them not promising every property', () => {
  const suite = loadContracts(PAGES);
  const resources = suite.examples.filter((e) => !e.unusable && (e.expected.body === 'resource' || e.expected.body === 'collection'));
  expect(suite.pages.length).toBeGreaterThanOrEqual(20);
  expect(resources.filter((e) => e.expected.truncated).length).toBeGreaterThanOrEqual(20);
  expect(resources.filter((e) => !e.expected.returnsAllProperties).length).toBeGreaterThan(resources.length / 2);
});

test('a server answering with the documented responses fails no test for a property those responses do not show', async ({ runner }) => {
  const suite = loadContracts(PAGES);
  const server = documentedResponseServer(suite.examples);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const run = await runner.run({
      reportsDir: test.info().outputPath('documented-responses'),
      projects: ['contracts'],
      env: { BASE_URL: `http://127.0.0.1:${port}${VERSION}`, API_TOKEN: 'x', CONTRACTS_DIR: PAGES },
    });
    const report = path.join(run.reportsDir, 'results.json');
    expect(fs.existsSync(report), run.output).toBe(true);
    const failed = ((JSON.parse(fs.readFileSync(report, 'utf8')) as JsonSuite).suites ?? []).flatMap((s) => failures(s));
    await test.info().attach('failures', { body: failed.join('\n\n') || 'none', contentType: 'text/plain' });
    expect(run.passed, run.output).toBeGreaterThan(10);
    expect(failed.filter((message) => message.includes('missing (documented'))).toEqual([]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
