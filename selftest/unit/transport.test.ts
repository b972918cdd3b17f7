/**
 * Talking to a real deployment (src/replay: transport, retry, session, tokens, redact, curl, created):
 * local servers that hang, stall, throttle, refuse tokens and reflect them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import type { ReceivedResponse } from '../../src/core/http';
import { createdResource, keyInUrl } from '../../src/replay/created';
import { curlCommand } from '../../src/replay/curl';
import { redactSecrets } from '../../src/replay/redact';
import { retryAfterSeconds, retryWaitSeconds, ThrottledError, throttledMessage } from '../../src/replay/retry';
import { ForeignOriginError, Session } from '../../src/replay/session';
import { createTokenProvider, TokenError, type TokenProvider } from '../../src/replay/tokens';
import { sendHttp, TransportError } from '../../src/replay/transport';

/** A local server for one test, closed afterwards whatever happens. */
async function withServer(handler: http.RequestListener, run: (base: string) => Promise<void>): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const NETWORK = { maxRetries: 3, retryMaxWaitS: 60, requestTimeoutMs: 2000, maxBodyBytes: 1_000_000 };
const noSteps = { step: <T>(_title: string, body: () => Promise<T>) => body() };
const fixedToken = (token: string, renewed?: string): TokenProvider => ({
  current: () => Promise.resolve(token),
  renew: () => Promise.resolve(renewed),
  secrets: () => [token, ...(renewed ? [renewed] : [])],
});

test.describe('transport', () => {
  test('a target that never answers fails in REQUEST_TIMEOUT_MS, naming the timeout', async () => {
    await withServer(
      () => undefined,
      async (base) => {
        await expect(sendHttp({ method: 'GET', url: `${base}/beta/x`, headers: {} }, { timeoutMs: 300 })).rejects.toThrow(
          `GET ${base}/beta/x: no response within 0.3 s (REQUEST_TIMEOUT_MS)`,
        );
      },
    );
  });

  test('a body that stalls after the headers is named as such', async () => {
    await withServer(
      (_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).write('{"a":'),
      async (base) => {
        await expect(sendHttp({ method: 'GET', url: `${base}/x`, headers: {} }, { timeoutMs: 300 })).rejects.toThrow(
          /: body stalled after headers/,
        );
      },
    );
  });

  test('a closed port is one line, no call log', async () => {
    const error = await sendHttp(
      { method: 'POST', url: 'http://127.0.0.1:1/beta/x', headers: { Authorization: 'Bearer secret' } },
      { timeoutMs: 2000 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toBe('POST http://127.0.0.1:1/beta/x: connection refused');
    expect((error as Error).stack).toBe('TransportError: POST http://127.0.0.1:1/beta/x: connection refused');
  });

  test('bodies past the bound keep their head, size and hash; invalid UTF-8 is located', async () => {
    await withServer(
      (request, response) => {
        if (request.url === '/big') response.end('x'.repeat(5000));
        else response.end(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
      },
      async (base) => {
        const big = await sendHttp({ method: 'GET', url: `${base}/big`, headers: {} }, { timeoutMs: 2000, maxBodyBytes: 100 });
        expect(big).toMatchObject({ body: 'x'.repeat(100), size: 5000, truncated: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
        expect(big.json).toBeUndefined();
        const bad = await sendHttp({ method: 'GET', url: `${base}/bad`, headers: {} }, { timeoutMs: 2000 });
        expect(bad.invalidUtf8At).toBe(6);
        expect(bad.json).toBeUndefined();
      },
    );
  });
});

test.describe('retries', () => {
  test('Retry-After in seconds or as an HTTP date; waits are capped; none means 1, 2, 4 s', () => {
    const now = Date.parse('Mon, 23 Nov 2026 10:00:00 GMT');
    expect(retryAfterSeconds('7', now)).toBe(7);
    expect(retryAfterSeconds('Mon, 23 Nov 2026 10:00:05 GMT', now)).toBe(5);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    const response = (retryAfter?: string) =>
      ({ status: 429, statusText: '', headers: retryAfter ? { 'retry-after': retryAfter } : {}, body: '' }) as ReceivedResponse;
    expect(retryWaitSeconds(response('120'), 1, { ...NETWORK, retryMaxWaitS: 60 })).toBe(60);
    expect([1, 2, 3].map((attempt) => retryWaitSeconds(response(), attempt, NETWORK))).toEqual([1, 2, 4]);
  });

  test('a target that keeps throttling is named as throttling', () => {
    expect(throttledMessage('GET x', [429, 429, 429, 429], '1')).toBe(
      'throttled: 429 four times, Retry-After 1 s (GET x; MAX_RETRIES and RETRY_MAX_WAIT_S set the patience)',
    );
    expect(throttledMessage('GET x', [503, 504], undefined)).toBe(
      'unavailable: 503 once, 504 once, no Retry-After (GET x; MAX_RETRIES and RETRY_MAX_WAIT_S set the patience)',
    );
  });

  test('throttled once: retried after a step that says why; always throttled: ThrottledError', async () => {
    let calls = 0;
    await withServer(
      (request, response) => {
        calls++;
        if (request.url === '/always' || calls === 1) response.writeHead(429, { 'retry-after': '0' }).end('{}');
        else response.end('{"ok":true}');
      },
      async (base) => {
        const session = new Session({ baseURL: base, network: NETWORK, ignoreHTTPSErrors: false }, fixedToken('t'));
        const steps: string[] = [];
        const hooks = { step: <T>(title: string, body: () => Promise<T>) => (steps.push(title), body()) };
        expect((await session.exchange({ method: 'GET', url: `${base}/once`, headers: {} }, hooks)).json).toEqual({ ok: true });
        expect(steps).toEqual(['retry 1/3 after 429: waiting 0 s']);
        const error = await session.exchange({ method: 'GET', url: `${base}/always`, headers: {} }, noSteps).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ThrottledError);
        expect((error as Error).message).toMatch(/^throttled: 429 four times, Retry-After 0 s/);
      },
    );
  });

  test('401: the token is renewed once and the request sent again; the token goes only to BASE_URL', async () => {
    const seen: string[] = [];
    await withServer(
      (request, response) => {
        seen.push(request.headers.authorization ?? '');
        response.writeHead(request.headers.authorization === 'Bearer fresh' ? 200 : 401).end();
      },
      async (base) => {
        const session = new Session({ baseURL: `${base}/beta`, network: NETWORK, ignoreHTTPSErrors: false }, fixedToken('stale', 'fresh'));
        expect((await session.exchange({ method: 'GET', url: `${base}/beta/x`, headers: {}, authorize: true }, noSteps)).status).toBe(200);
        expect(seen).toEqual(['Bearer stale', 'Bearer fresh']);
        await expect(
          session.exchange({ method: 'GET', url: 'http://127.0.0.2:9/beta/x', headers: {}, authorize: true }, noSteps),
        ).rejects.toThrow(ForeignOriginError);
        expect(seen).toHaveLength(2);
      },
    );
  });
});

test.describe('tokens', () => {
  const oauthServer =
    (issued: string[]): http.RequestListener =>
    (request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        if (form.get('client_secret') !== 'right-secret') {
          response.writeHead(401, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              error: 'invalid_client',
              error_description: 'AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x',
            }),
          );
          return;
        }
        const token = `token-${issued.length + 1}`;
        issued.push(token);
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ token_type: 'Bearer', expires_in: 1, access_token: token }));
      });
    };

  test('OAuth client credentials: one request for concurrent callers, renewed before expires_in runs out', async () => {
    const issued: string[] = [];
    await withServer(oauthServer(issued), async (base) => {
      const source = { kind: 'oauth' as const, tokenUrl: `${base}/token`, clientId: 'c', clientSecret: 'right-secret', scope: 's' };
      const tokens = createTokenProvider(source, { timeoutMs: 2000, ignoreHTTPSErrors: false });
      expect(await Promise.all([tokens.current(), tokens.current(), tokens.current()])).toEqual(['token-1', 'token-1', 'token-1']);
      // expires_in 1 s: renewed once half of it is gone.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await tokens.current()).toBe('token-2');
      expect(await tokens.renew('token-2')).toBe('token-3');
      expect(tokens.secrets()).toEqual(expect.arrayContaining(['right-secret', 'token-1', 'token-2', 'token-3']));
    });
  });

  test('a token endpoint that refuses names itself and its error, on one line', async () => {
    await withServer(oauthServer([]), async (base) => {
      const tokens = createTokenProvider(
        { kind: 'oauth', tokenUrl: `${base}/token`, clientId: 'c', clientSecret: 'wrong', scope: 's' },
        { timeoutMs: 2000, ignoreHTTPSErrors: false },
      );
      const error = await tokens.current().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenError);
      expect((error as Error).message).toBe(
        `token endpoint ${base}/token refused the client credentials: invalid_client: AADSTS7000215: Invalid client secret provided.`,
      );
    });
    const unreachable = createTokenProvider(
      { kind: 'oauth', tokenUrl: 'http://127.0.0.1:1/token', clientId: 'c', clientSecret: 's', scope: 's' },
      { timeoutMs: 2000, ignoreHTTPSErrors: false },
    );
    await expect(unreachable.current()).rejects.toThrow('token endpoint http://127.0.0.1:1/token: connection refused');
  });

  test('API_TOKEN_COMMAND: its output is the token, run again when the token is rejected; a failing command says how', async () => {
    const tokens = createTokenProvider(
      { kind: 'command', command: 'echo "Bearer cmd-token"' },
      { timeoutMs: 5000, ignoreHTTPSErrors: false },
    );
    expect(await tokens.current()).toBe('cmd-token');
    expect(await tokens.renew('cmd-token')).toBe('cmd-token');
    const failing = createTokenProvider(
      { kind: 'command', command: 'echo nope >&2; exit 3' },
      { timeoutMs: 5000, ignoreHTTPSErrors: false },
    );
    await expect(failing.current()).rejects.toThrow('API_TOKEN_COMMAND exited with code 3: nope');
  });
});

test('secrets are redacted wherever they occur: reflected headers, JSON, URL-encoded, Authorization values', () => {
  const text =
    'x-echo-authorization: Bearer abc.def-123\n{"echoed":"abc.def-123","url":"?t=abc.def%2D123x","Authorization": "Bearer other"}';
  expect(redactSecrets(text, ['abc.def-123'])).toBe(
    'x-echo-authorization: Bearer <redacted>\n{"echoed":"<redacted>","url":"?t=abc.def%2D123x","Authorization": "Bearer <redacted>"}',
  );
  expect(redactSecrets('a "se\\"cret" b se%22cret', ['se"cret'])).toBe('a "<redacted>" b <redacted>');
});

test('curl: copy-paste ready, the token as $API_TOKEN, quotes escaped', () => {
  expect(
    curlCommand({
      method: 'POST',
      url: 'https://h/beta/x?$top=1',
      headers: { 'Content-Type': 'application/json' },
      body: `{"a":"it's"}`,
      authorize: true,
    }),
  ).toBe(
    `curl -sS -i -X POST 'https://h/beta/x?$top=1' \\\n  -H 'Content-Type: application/json' \\\n  -H "Authorization: Bearer $API_TOKEN" \\\n  --data-raw '{"a":"it'\\''s"}'`,
  );
});

test('what a create made: the body id beside the collection, else Content-Location / Location (202, OData keys), else @odata.id', () => {
  const exchange = (status: number, headers: Record<string, string>, json?: unknown) => ({
    request: { method: 'POST', url: 'https://h/beta/teams?x=1', headers: {} },
    response: { status, statusText: '', headers, body: '', ...(json !== undefined ? { json } : {}) },
  });
  expect(createdResource(exchange(201, {}, { id: 'a/b' }))).toEqual({ url: 'https://h/beta/teams/a%2Fb', id: 'a/b' });
  expect(createdResource(exchange(202, { location: "/teams('t-1')/operations('o')" }))).toEqual({
    url: 'https://h/beta/teams/t-1',
    id: 't-1',
  });
  expect(createdResource(exchange(202, { location: '/x/operations/o', 'content-location': '/teams/t-2' }))).toEqual({
    url: 'https://h/beta/teams/t-2',
    id: 't-2',
  });
  expect(createdResource(exchange(201, {}, { '@odata.id': "https://h/beta/teams('t-3')" }))).toEqual({
    url: 'https://h/beta/teams/t-3',
    id: 't-3',
  });
  expect(createdResource(exchange(400, {}, { id: 'x' }))).toBeUndefined();
  expect(createdResource(exchange(202, {}))).toBeUndefined();
  expect(keyInUrl("/teams('t-2')/operations('o-1')", 'teams')).toBe('t-2');
  expect(keyInUrl('https://graph.microsoft.com/v1.0/widgets(w-3)', 'widgets')).toBe('w-3');
  expect(keyInUrl('https://graph.microsoft.com/v1.0/widgets/w-4', 'widgets')).toBe('w-4');
  expect(keyInUrl("/operations(id='o-5')", 'widgets')).toBe('o-5');
});
