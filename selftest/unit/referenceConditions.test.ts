/**
 * Reference-server conditions (server/conditions.ts): each one, in-process, against the pages in
 * contracts/, with fetch. Then the server as a process (server/main.ts): a taken port is refused with
 * exit code 2, SIGTERM or a closed stdin pipe leaves nothing listening, and a run refuses a server
 * whose /health nonce is not its own (fixtures/runGuard.ts). Every server started here is stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../src/config';
import { loadContracts } from '../../src/contracts/loadContracts';
import { CONDITIONS, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, type ConditionSettings } from '../../server/conditions';
import { createReferenceServer } from '../../server/referenceServer';
import { commaList } from '../../src/config';
import { pickSwitches } from '../../server/switches';
import { freePort } from '../support/runSuite';

const suite = loadContracts(path.join(PROJECT_ROOT, 'contracts'));
const COLLECTION = '/beta/Security/ipSecurityProfiles';
const TOKEN = 'Bearer some-token';

interface Running {
  origin: string;
  port: number;
  /** fetch relative to the server, with a bearer token unless headers say otherwise. */
  call(path: string, init?: RequestInit): Promise<Response>;
}

/** Starts a server with the named conditions on a free port, runs `use`, and always stops it. */
async function withServer(
  names: string,
  use: (server: Running) => Promise<void>,
  settings: Partial<ConditionSettings> = {},
): Promise<void> {
  const server = createReferenceServer({
    suite,
    conditions: pickSwitches(commaList(names), CONDITIONS).picked,
    conditionSettings: settings,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const call = (url: string, init: RequestInit = {}) =>
    fetch(`${origin}${url}`, {
      ...init,
      headers: { authorization: TOKEN, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    });
  try {
    await use({ origin, port, call });
  } finally {
    await stopServer(server);
  }
}

/** Hanging and stalled responses hold their sockets: close them, or close() never returns. */
function stopServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const create = (server: Running, init: RequestInit = {}) => server.call(COLLECTION, { method: 'POST', body: '{}', ...init });

async function token(server: Running, secret = OAUTH_CLIENT_SECRET): Promise<Response> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: OAUTH_CLIENT_ID,
    client_secret: secret,
    scope: 'https://graph.microsoft.com/.default',
  });
  return fetch(`${server.origin}/oauth2/v2.0/token`, { method: 'POST', body: form });
}

const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

test.describe('conditions, in-process', () => {
  test('no conditions: any bearer token is accepted, none is refused, /health answers', async () => {
    await withServer('', async (server) => {
      expect((await create(server)).status).toBe(201);
      expect((await server.call(COLLECTION, { headers: { authorization: '' } })).status).toBe(401);
      expect(await (await fetch(`${server.origin}/health`)).json()).toEqual({ status: 'ok' });
    });
  });

  test('oauth: the token endpoint issues tokens for the right secret and refuses a wrong one as Entra does', async () => {
    await withServer(
      'oauth',
      async (server) => {
        const wrong = await token(server, 'not-the-secret');
        expect(wrong.status).toBe(401);
        expect(await wrong.json()).toEqual({
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
        });

        const right = await token(server);
        expect(right.status).toBe(200);
        const issued = (await right.json()) as { token_type: string; expires_in: number; access_token: string };
        expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 2 });
        expect(issued.access_token).toMatch(/^\S{20,}$/);
        expect((await token(server)).status, 'each token is new').toBe(200);

        expect((await create(server, { headers: { authorization: `Bearer ${issued.access_token}` } })).status).toBe(201);
        const foreign = await create(server);
        expect(foreign.status, 'a token it did not issue').toBe(401);
        expect(await errorCode(foreign)).toBe('InvalidAuthenticationToken');
      },
      { tokenTtlMs: 1500 },
    );
  });

  test('oauth: a token older than REFERENCE_TOKEN_TTL_MS is refused as expired', async () => {
    await withServer(
      'oauth',
      async (server) => {
        const { access_token } = (await (await token(server)).json()) as { access_token: string };
        const auth = { authorization: `Bearer ${access_token}` };
        expect((await server.call(COLLECTION, { headers: auth })).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 1700));
        const expired = await server.call(COLLECTION, { headers: auth });
        expect(expired.status).toBe(401);
        expect(expired.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
        expect(((await expired.json()) as { error: unknown }).error).toMatchObject({
          code: 'InvalidAuthenticationToken',
          message: 'Access token has expired or is not yet valid.',
        });
      },
      // Long enough for the first call to land inside it on a loaded machine.
      { tokenTtlMs: 1500 },
    );
  });

  test('throttle-once: the first request to each method and path answers 429 Retry-After: 1, then it is served', async () => {
    await withServer('throttle-once', async (server) => {
      const first = await server.call(COLLECTION);
      expect(first.status).toBe(429);
      expect(first.headers.get('retry-after')).toBe('1');
      expect(await errorCode(first)).toBe('TooManyRequests');
      expect((await server.call(COLLECTION)).status).toBe(200);
      expect((await create(server)).status, 'another method: throttled once too').toBe(429);
      expect((await create(server)).status).toBe(201);
    });
  });

  test('unavailable-once: 503 with Retry-After as an HTTP date about a second ahead, then it is served', async () => {
    await withServer('unavailable-once', async (server) => {
      const before = Date.now();
      const first = await server.call(COLLECTION);
      expect(first.status).toBe(503);
      expect(await errorCode(first)).toBe('ServiceUnavailable');
      const retryAt = Date.parse(first.headers.get('retry-after') ?? '');
      expect(retryAt - before).toBeGreaterThanOrEqual(1000);
      expect(retryAt - before).toBeLessThanOrEqual(3000);
      expect((await server.call(COLLECTION)).status).toBe(200);
    });
  });

  test('always-throttle: every API request answers 429, /health does not', async () => {
    await withServer('always-throttle', async (server) => {
      for (let i = 0; i < 3; i++) {
        const response = await server.call(COLLECTION);
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe('1');
      }
      expect((await fetch(`${server.origin}/health`)).status).toBe(200);
    });
  });

  test('slow: API responses wait REFERENCE_DELAY_MS', async () => {
    await withServer(
      'slow',
      async (server) => {
        const start = Date.now();
        expect((await server.call(COLLECTION)).status).toBe(200);
        expect(Date.now() - start).toBeGreaterThanOrEqual(280);
      },
      { delayMs: 300 },
    );
  });

  test('hang: API requests are never answered, /health is', async () => {
    await withServer('hang', async (server) => {
      const error = await server.call(COLLECTION, { signal: AbortSignal.timeout(500) }).catch((e: Error) => e);
      expect((error as Error).name).toBe('TimeoutError');
      expect((await fetch(`${server.origin}/health`)).status).toBe(200);
    });
  });

  test('stall-body: the headers come, the body never does', async () => {
    await withServer('stall-body', async (server) => {
      const response = await create(server, { signal: AbortSignal.timeout(800) });
      expect(response.status).toBe(201);
      expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
      const error = await response.text().catch((e: Error) => e);
      expect((error as Error).name).toBe('TimeoutError');
    });
  });

  test('reflect-token: the Authorization header comes back in a header, in resources and in error messages', async () => {
    await withServer('reflect-token', async (server) => {
      const created = await create(server);
      expect(created.headers.get('x-echo-authorization')).toBe(TOKEN);
      expect(await created.json()).toMatchObject({ echoedAuthorization: TOKEN });
      const missing = await server.call(`${COLLECTION}/no-such-id`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(TOKEN);
    });
  });

  test('foreign-next-link: collection responses point their next page at another loopback origin', async () => {
    await withServer('foreign-next-link', async (server) => {
      const body = (await (await server.call(COLLECTION)).json()) as Record<string, unknown>;
      const next = new URL(String(body['@odata.nextLink']));
      expect(next.origin).toBe(`http://127.0.0.2:${server.port}`);
      expect(next.pathname).toBe(COLLECTION);
    });
  });

  test('stateful-leftovers: GET /__reference/resources lists every stored resource, without a token', async () => {
    await withServer('stateful-leftovers', async (server) => {
      const listed = async () =>
        ((await (await fetch(`${server.origin}/__reference/resources`)).json()) as { resources: string[] }).resources;
      expect(await listed()).toEqual([]);
      const ids = [];
      for (let i = 0; i < 2; i++) ids.push(((await (await create(server)).json()) as { id: string }).id);
      expect((await listed()).sort()).toEqual(ids.map((id) => `${server.origin}${COLLECTION}/${id}`).sort());
      expect((await server.call(`${COLLECTION}/${ids[0]}`, { method: 'DELETE' })).status).toBe(204);
      expect(await listed()).toEqual([`${server.origin}${COLLECTION}/${ids[1]}`]);
    });
  });

  test('async-create: 202 Accepted, no body, Location where the resource is', async () => {
    await withServer('async-create', async (server) => {
      const accepted = await create(server);
      expect(accepted.status).toBe(202);
      expect(await accepted.text()).toBe('');
      const location = accepted.headers.get('location') ?? '';
      expect(location.startsWith(`${server.origin}${COLLECTION}/`)).toBe(true);
      const read = await fetch(location, { headers: { authorization: TOKEN } });
      expect(read.status).toBe(200);
      expect(((await read.json()) as { id: string }).id).toBe(location.split('/').pop());
    });
  });

  test('huge-bodies: every JSON body is REFERENCE_BODY_BYTES long and still the same JSON', async () => {
    await withServer(
      'huge-bodies',
      async (server) => {
        const created = await create(server);
        const text = await created.text();
        expect(text.length).toBeGreaterThan(100_000);
        const body = JSON.parse(text) as Record<string, unknown>;
        expect(String(body.padding)).toHaveLength(100_000);
        expect(body.id).toEqual(expect.any(String));
      },
      { bodyBytes: 100_000 },
    );
  });
});

// ---- the server as a process ----

const running: ChildProcess[] = [];
test.afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startProcess(env: Record<string, string>, stdin: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: [stdin, 'pipe', 'pipe'],
  });
  running.push(child);
  return child;
}

/** Everything the process writes, and its exit code, once it has exited. */
function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('reference server: http') && resolve());
    child.on('close', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(!socket.destroy()));
    socket.once('error', () => resolve(false));
  });
}

test.describe('the server process', () => {
  test.describe.configure({ timeout: 60_000 });

  test('a second server on a taken port refuses with one line and exit code 2; SIGTERM leaves nothing listening', async () => {
    const port = String(await freePort());
    const first = startProcess({ REFERENCE_PORT: port, REFERENCE_NONCE: 'first-run' });
    const firstExit = exited(first);
    await listening(first);
    const second = await exited(startProcess({ REFERENCE_PORT: port }));
    expect(second.code).toBe(2);
    expect(second.stderr.trim().split('\n')).toEqual([expect.stringContaining(`port ${port} is taken`)]);
    expect(await (await fetch(`http://127.0.0.1:${port}/health`)).json(), 'the first one still serves').toEqual({
      status: 'ok',
      nonce: 'first-run',
    });

    first.kill('SIGTERM');
    expect((await firstExit).code).toBe(0);
    expect(await portOpen(Number(port))).toBe(false);
  });

  test('when the stdin pipe from the process that started it closes, the server exits', async () => {
    const port = String(await freePort());
    const child = startProcess({ REFERENCE_PORT: port, REFERENCE_CONDITIONS: 'hang' }, 'pipe');
    const exit = exited(child);
    await listening(child);
    child.stdin?.end();
    expect((await exit).code).toBe(0);
    expect(await portOpen(Number(port))).toBe(false);
  });

  test('an unknown condition is one line and exit code 2', async () => {
    const result = await exited(startProcess({ REFERENCE_PORT: String(await freePort()), REFERENCE_CONDITIONS: 'slow,no-such-condition' }));
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^graph-doc-contracts: configuration error: REFERENCE_CONDITIONS: unknown switch no-such-condition; known: oauth, /,
    );
  });

  test('a run refuses a server whose /health nonce is not its own (fixtures/runGuard.ts), one line, exit code 2', async () => {
    const port = String(await freePort());
    const other = startProcess({ REFERENCE_PORT: port, REFERENCE_NONCE: 'another-run' });
    await listening(other);
    const guard = spawn(process.execPath, ['--import', 'tsx', '-e', "require('./fixtures/runGuard.ts').default()"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, REFERENCE_PORT: port, REFERENCE_NONCE: 'this-run' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(guard);
    const result = await exited(guard);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `graph-doc-contracts: the reference server on port ${port} is not this run's (another nonce): another run may be using the port; unset REFERENCE_PORT to get a free one`,
    );
  });
});
