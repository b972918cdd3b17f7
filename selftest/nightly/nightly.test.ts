/**
 * The nightly run against a deployment that behaves like a real one on a bad night, played by the
 * reference server's conditions (server/conditions.ts) and reached through BASE_URL like any
 * deployment: tokens that expire within a second, throttling, outages, hangs, leftovers, a target that
 * reflects the token. Each test runs the suite as a user does (a child `playwright test`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from '@playwright/test';
import { PROJECT_ROOT } from '../../src/config';
import { OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, RESOURCES_PATH } from '../../server/conditions';
import { freePort, reportedTests, suiteTest, type SuiteRun } from '../support/runSuite';
import { findSecret } from './scanReports';

interface Reference {
  base: string;
  port: number;
  /** Every resource the server holds (the `stateful-leftovers` condition's listing). */
  resources(): Promise<string[]>;
}

const test = suiteTest.extend<{ reference: (env: Record<string, string>) => Promise<Reference> }>({
  // A reference server of the test's own, on a free port, stopped when the test ends whatever happens.
  reference: async ({}, use) => {
    const started: ChildProcess[] = [];
    await use(async (env) => {
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ENV_FILE: 'none', REFERENCE_PORT: String(port), ...env },
        stdio: ['pipe', 'ignore', 'pipe'],
        detached: true,
      });
      started.push(child);
      const base = `http://127.0.0.1:${port}`;
      for (let tries = 0; ; tries++) {
        const up = await fetch(`${base}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        if (tries > 100 || child.exitCode !== null) throw new Error(`the reference server did not start on port ${port}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return {
        base: `${base}/beta`,
        port,
        resources: async () => ((await (await fetch(`${base}${RESOURCES_PATH}`)).json()) as { resources: string[] }).resources,
      };
    });
    for (const child of started) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  },
});

const TOKEN = 'nightly-secret-token-3f9c2a7b';
/** The create and the update that needs it (a prerequisite create): each request kind a night sends, in two tests. */
const CREATE_AND_UPDATE = ['--grep', 'ipsecurityprofile'];
const oauth = (reference: Reference, secret = OAUTH_CLIENT_SECRET) => ({
  OAUTH_TOKEN_URL: `http://127.0.0.1:${reference.port}/oauth2/v2.0/token`,
  OAUTH_CLIENT_ID,
  OAUTH_CLIENT_SECRET: secret,
  OAUTH_SCOPE: 'https://graph.microsoft.com/.default',
});
function passed(run: SuiteRun): void {
  expect(run.failed, run.failureText).toBe(0);
  expect(run.exitCode, run.failureText).toBe(0);
}

test.describe.configure({ mode: 'parallel' });

test('tokens younger than a second, a slow target: the OAuth settings keep renewing and the run passes', async ({
  runner,
  reference,
}, testInfo) => {
  const target = await reference({ REFERENCE_CONDITIONS: 'oauth,slow', REFERENCE_TOKEN_TTL_MS: '1000', REFERENCE_DELAY_MS: '300' });
  // Each contract test makes several slow requests: tokens expire many times over within the run.
  const run = await runner.run({
    projects: ['contracts'],
    env: { BASE_URL: target.base, ...oauth(target) },
    args: CREATE_AND_UPDATE,
    reportsDir: testInfo.outputPath('reports'),
  });
  passed(run);
  expect(run.passed).toBe(2);
});

test('a wrong client secret stops the run before any test: exit code 2, one line naming the token endpoint', async ({
  runner,
  reference,
}, testInfo) => {
  const target = await reference({ REFERENCE_CONDITIONS: 'oauth' });
  const run = await runner.run({
    projects: ['contracts'],
    env: { BASE_URL: target.base, ...oauth(target, 'wrong-secret') },
    reportsDir: testInfo.outputPath('reports'),
  });
  expect(run.exitCode).toBe(2);
  expect(run.passed + run.failed).toBe(0);
  expect(run.failureText).toContain(
    `token endpoint http://127.0.0.1:${target.port}/oauth2/v2.0/token refused the client credentials: invalid_client: `,
  );
  expect(run.failureText).not.toContain('wrong-secret');
});

for (const condition of ['throttle-once', 'unavailable-once']) {
  test(`${condition}: every request is retried as Retry-After asks, and the run passes`, async ({ runner, reference }, testInfo) => {
    const target = await reference({ REFERENCE_CONDITIONS: condition });
    passed(
      await runner.run({
        projects: ['contracts'],
        env: { BASE_URL: target.base, API_TOKEN: TOKEN },
        args: CREATE_AND_UPDATE,
        reportsDir: testInfo.outputPath('reports'),
      }),
    );
  });
}

test('a target that keeps throttling fails each test naming the throttling, not a schema error', async ({
  runner,
  reference,
}, testInfo) => {
  const target = await reference({ REFERENCE_CONDITIONS: 'always-throttle' });
  // Any answer will do for the check before the tests; each test then meets the throttling.
  const run = await runner.run({
    projects: ['contracts'],
    env: { BASE_URL: target.base, API_TOKEN: TOKEN, MAX_RETRIES: '1' },
    args: CREATE_AND_UPDATE,
    reportsDir: testInfo.outputPath('reports'),
  });
  expect(run.failed).toBeGreaterThan(0);
  expect(run.failingChecks.size, 'no check ran: the exchange itself failed').toBe(0);
  expect(run.failureText).toContain('throttled: 429 twice, Retry-After 1 s');
});

test('a full run against a stateful target leaves nothing behind', async ({ runner, reference }, testInfo) => {
  const target = await reference({ REFERENCE_CONDITIONS: 'stateful-leftovers' });
  const run = await runner.run({
    projects: ['contracts', 'negative'],
    env: { BASE_URL: target.base, API_TOKEN: TOKEN },
    reportsDir: testInfo.outputPath('reports'),
  });
  expect(run.passed + run.failed, run.failureText).toBeGreaterThan(90);
  expect(await target.resources(), 'left behind').toEqual([]);
});

test('a target that wrongly creates from bad input: what each failing test made is deleted all the same', async ({
  runner,
  reference,
}, testInfo) => {
  const target = await reference({ REFERENCE_CONDITIONS: 'stateful-leftovers', REFERENCE_FAULTS: 'accepts-bad-input' });
  // Bad creates of every kind of value on one page: each fails (and costs a worker restart), so a few say it all.
  const run = await runner.run({
    projects: ['contracts', 'negative'],
    env: { BASE_URL: target.base, API_TOKEN: TOKEN },
    args: ['--grep', 'create-ipsecurityprofile.*(countHits|firstSeenDateTime|tags|vendorInformation)'],
    reportsDir: testInfo.outputPath('reports'),
  });
  expect(run.failed, `the fault makes the bad creates fail:\n${run.failureText}`).toBeGreaterThanOrEqual(4);
  expect(await target.resources(), 'left behind').toEqual([]);
});

test('a hung target fails each request within REQUEST_TIMEOUT_MS', async ({ runner, reference }, testInfo) => {
  const target = await reference({ REFERENCE_CONDITIONS: 'hang' });
  const started = Date.now();
  const run = await runner.run({
    projects: ['contracts'],
    env: { BASE_URL: target.base, API_TOKEN: TOKEN, REQUEST_TIMEOUT_MS: '1000' },
    args: CREATE_AND_UPDATE,
    reportsDir: testInfo.outputPath('reports'),
  });
  expect(run.failed).toBe(2); // the create times out, and so does the create the update needs
  expect(run.failureText).toContain('no response within 1 s (REQUEST_TIMEOUT_MS)');
  expect(Date.now() - started).toBeLessThan(60_000);
});

test('an unreachable target stops the run with one line', async ({ runner }, testInfo) => {
  const port = await freePort();
  const run = await runner.run({
    projects: ['contracts', 'negative'],
    env: { BASE_URL: `http://127.0.0.1:${port}/beta`, API_TOKEN: TOKEN },
    reportsDir: testInfo.outputPath('reports'),
  });
  expect(run.exitCode).toBe(2);
  expect(run.failureText).toContain(`the target cannot be reached: GET http://127.0.0.1:${port}/beta: connection refused`);
  expect(run.failureText.split('\n').filter((line) => line.includes('cannot be reached'))).toHaveLength(1);
});

test.describe('the token appears in no report, console line or attachment', () => {
  const scan = (dir: string, output: string) => {
    expect(output).not.toContain(TOKEN);
    expect(findSecret(dir, TOKEN)).toEqual([]);
  };

  test('a target that reflects the token in headers, bodies and error messages', async ({ runner, reference }, testInfo) => {
    const target = await reference({ REFERENCE_CONDITIONS: 'reflect-token', REFERENCE_FAULTS: 'value-changed' });
    const reportsDir = testInfo.outputPath('reports');
    const run = await runner.run({
      projects: ['contracts', 'negative'],
      env: { BASE_URL: target.base, API_TOKEN: TOKEN },
      args: CREATE_AND_UPDATE,
      reportsDir,
    });
    expect(run.failed, 'the fault makes tests fail, so that failing-test attachments (curl, bodies) are scanned too').toBeGreaterThan(0);
    expect(fs.existsSync(path.join(reportsDir, 'html', 'index.html'))).toBe(true);
    scan(reportsDir, run.output);
  });

  test('an unreachable target', async ({ runner }, testInfo) => {
    const reportsDir = testInfo.outputPath('reports');
    const run = await runner.run({
      projects: ['contracts'],
      env: { BASE_URL: `http://127.0.0.1:${await freePort()}/beta`, API_TOKEN: TOKEN },
      reportsDir,
    });
    scan(reportsDir, run.output);
  });

  test('a target whose @odata.nextLink names another origin: not followed with the token', async ({ runner, reference }, testInfo) => {
    const target = await reference({ REFERENCE_CONDITIONS: 'foreign-next-link' });
    const reportsDir = testInfo.outputPath('reports');
    const run = await runner.run({
      projects: ['negative'],
      env: { BASE_URL: target.base, API_TOKEN: TOKEN },
      args: CREATE_AND_UPDATE,
      reportsDir,
    });
    passed(run);
    const report = fs.readFileSync(path.join(reportsDir, 'results.json'), 'utf8');
    expect(report).toContain("is outside BASE_URL's origin: not read with the token");
    scan(reportsDir, run.output);
  });
});

test('a target answering bodies far past MAX_BODY_BYTES: every report is written, reports stay small, memory stays bounded', async ({
  runner,
  reference,
}, testInfo) => {
  // 16 MiB bodies against a 4 MiB read limit: what a target gone wrong answers, four times over.
  const target = await reference({ REFERENCE_CONDITIONS: 'huge-bodies', REFERENCE_BODY_BYTES: String(16 * 1024 * 1024) });
  const reportsDir = testInfo.outputPath('reports');
  // GNU time reports the largest resident set among the run's processes (runner and workers).
  const time = fs.existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'peak-rss-kb %M'] : undefined;
  const run = await runner.run({
    projects: ['contracts', 'negative'],
    env: { BASE_URL: target.base, API_TOKEN: TOKEN },
    args: ['--grep', 'create-ipsecurityprofile'],
    reportsDir,
    ...(time ? { wrapper: time } : {}),
  });
  expect(run.passed + run.failed, run.failureText).toBeGreaterThanOrEqual(20);
  for (const report of ['results.json', 'junit.xml', path.join('html', 'index.html'), 'summary.md']) {
    expect(fs.existsSync(path.join(reportsDir, report)), `${report} is written`).toBe(true);
  }
  const bytes = (fs.readdirSync(reportsDir, { recursive: true }) as string[])
    .map((file) => fs.statSync(path.join(reportsDir, file)))
    .filter((stat) => stat.isFile())
    .reduce((sum, stat) => sum + stat.size, 0);
  expect(bytes, 'bytes under reports/').toBeLessThan(60 * 1024 * 1024);
  const results = fs.readFileSync(path.join(reportsDir, 'results.json'), 'utf8');
  expect(results).toContain('more than MAX_BODY_BYTES lets the suite read');
  const peak = /peak-rss-kb (\d+)/.exec(run.output)?.[1];
  if (peak) expect(Number(peak) * 1024, 'peak resident memory of one process of the run').toBeLessThan(1.5 * 1024 ** 3);
  await testInfo.attach('measured', {
    body: `reports: ${(bytes / 1024 / 1024).toFixed(1)} MiB; peak RSS: ${peak ?? '?'} KiB`,
    contentType: 'text/plain',
  });
});

test('npm run cleanup deletes what a run reported left behind, prints what it did, and never sends the token elsewhere', async ({
  reference,
}, testInfo) => {
  const target = await reference({ REFERENCE_CONDITIONS: 'stateful-leftovers' });
  const create = () =>
    fetch(`${target.base}/Security/ipSecurityProfiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    }).then(async (response) => `${target.base}/Security/ipSecurityProfiles/${((await response.json()) as { id: string }).id}`);
  const made = [await create(), await create()];
  expect(await target.resources()).toHaveLength(2);
  // As a run's JSON report names them: annotations on a test's result.
  const report = (urls: string[]) => {
    const file = testInfo.outputPath(`results-${urls.length}.json`);
    const annotations = urls.map((url) => ({ type: 'left behind', description: `${url} (delete answered 500)` }));
    fs.writeFileSync(
      file,
      JSON.stringify({ suites: [{ specs: [{ title: 't', tests: [{ annotations: [], results: [{ annotations }] }] }] }] }),
    );
    return file;
  };
  const cleanup = (file: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/cleanup.ts', file], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ENV_FILE: 'none', BASE_URL: target.base, API_TOKEN: TOKEN },
      encoding: 'utf8',
    });

  const first = cleanup(report(made));
  expect(first.status, first.stderr).toBe(0);
  expect(first.stdout).toBe(`${made.map((url) => `deleted: ${url}\n`).join('')}2 of 2 gone\n`);
  expect(await target.resources()).toEqual([]);

  const foreign = 'https://elsewhere.invalid/beta/Security/ipSecurityProfiles/1';
  const second = cleanup(report([...made, foreign]));
  expect(second.status).toBe(1);
  expect(second.stdout).toContain(`already gone (404): ${made[0]}`);
  expect(second.stdout).toContain(`not deleted: ${foreign} is outside BASE_URL's origin`);
  expect(`${second.stdout}${second.stderr}`).not.toContain(TOKEN);
});

test('READ_ONLY=1 sends no write: reads are tested; writes, and the creates a read would need, are skipped with that reason', async ({
  runner,
  reference,
}, testInfo) => {
  const pages = path.join(PROJECT_ROOT, 'fixtures', 'pages', 'operations', 'api');
  const target = await reference({ CONTRACTS_DIR: pages });
  // Between the suite and the target: counts every method it passes on.
  const methods: string[] = [];
  const proxy = http.createServer((request, reply) => {
    methods.push(request.method ?? '?');
    const upstream = http.request(
      { host: '127.0.0.1', port: target.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        reply.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(reply);
      },
    );
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  try {
    const run = await runner.run({
      projects: ['contracts', 'negative'],
      env: {
        BASE_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/beta`,
        API_TOKEN: TOKEN,
        CONTRACTS_DIR: pages,
        READ_ONLY: '1',
      },
      reportsDir: testInfo.outputPath('reports'),
    });
    expect(
      methods.filter((method) => method !== 'GET'),
      'writes sent',
    ).toEqual([]);
    expect(run.failed, run.failureText).toBe(0);
    expect(run.passed, 'the reads were tested').toBeGreaterThanOrEqual(3);
    const skips = reportedTests(run.reportsDir).flatMap((test) => test.annotations.filter((a) => a.type === 'skip'));
    expect(skips.some((skip) => skip.description?.startsWith('READ_ONLY=1: POST writes'))).toBe(true);
    expect(skips.some((skip) => /^READ_ONLY=1: path parameter \{[^}]+\} has no value in PARAMS_FILE/.test(skip.description ?? ''))).toBe(
      true,
    );
  } finally {
    await new Promise((resolve) => proxy.close(resolve));
  }
});

test('a target that shows what was just made only after a delay: the read waits it out (each wait a step); without the wait it fails', async ({
  runner,
  reference,
}, testInfo) => {
  const target = await reference({ REFERENCE_CONDITIONS: 'eventual-consistency', REFERENCE_VISIBILITY_MS: '2500' });
  // The update example fills {ipSecurityProfileId} by a create, then addresses what it made at once.
  const run = (name: string, wait: string) =>
    runner.run({
      projects: ['contracts'],
      env: { BASE_URL: target.base, API_TOKEN: TOKEN, METADATA: 'off', CONSISTENCY_WAIT_S: wait },
      args: ['--grep', 'update-ipsecurityprofile'],
      reportsDir: testInfo.outputPath(name),
    });
  const waited = await run('waited', '30');
  passed(waited);
  const results = fs.readFileSync(path.join(waited.reportsDir, 'results.json'), 'utf8');
  expect(results).toMatch(/answered 404 \d+ s after it was made: waiting \d+ s for it to appear \(CONSISTENCY_WAIT_S=30\)/);
  const impatient = await run('impatient', '0');
  expect(impatient.failed, 'CONSISTENCY_WAIT_S=0: the 404 stands').toBe(1);
  expect(impatient.failureText).toContain('got 404 Not Found');
});
