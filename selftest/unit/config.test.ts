/**
 * Configuration (src/config.ts, and listPages from src/contracts/loadContracts.ts): every user mistake
 * is a ConfigError / ContractsError with a sentence that says what to do; the entry point turns it into
 * one line on stderr and exit code 2, before any test runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ConfigError, DEFAULT_REFERENCE_PORT, loadSettings, PROJECT_ROOT, REFERENCE_TOKEN } from '../../src/config';
import { ContractsError, listPages, readRequiredSource } from '../../src/contracts/loadContracts';

const made: string[] = [];
test.afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, with the given files in it (removed after the tests). */
function folder(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-config-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const REMOTE = { BASE_URL: 'https://graph.microsoft.com/beta', API_TOKEN: 'token' };

test.describe('settings that work', () => {
  test('nothing set: the embedded reference server', () => {
    const settings = loadSettings({}, '/somewhere');
    expect(settings).toEqual({
      contractsDir: path.join(PROJECT_ROOT, 'contracts'),
      baseURL: `http://127.0.0.1:${DEFAULT_REFERENCE_PORT}/beta`,
      auth: { kind: 'static', token: REFERENCE_TOKEN, variable: 'reference' },
      network: { maxRetries: 3, retryMaxWaitS: 60, requestTimeoutMs: 30_000, maxBodyBytes: 4 * 1024 * 1024 },
      embedded: true,
      referencePort: DEFAULT_REFERENCE_PORT,
      params: {},
      negative: true,
      reportsDir: path.join(PROJECT_ROOT, 'reports'),
      ignoreHTTPSErrors: false,
      negativeSeed: expect.stringMatching(/^[0-9a-f]{8}$/),
      skipChecks: [],
      baselineFile: path.join(PROJECT_ROOT, 'baseline.json'),
      // The project's own baseline.json, when a team keeps one; none otherwise.
      knownDeviations: expect.any(Array),
      updateBaseline: undefined,
      tokenKind: undefined,
      grantedPermissions: undefined,
      readOnly: false,
      consistencyWaitS: 30,
      historyFile: path.join(PROJECT_ROOT, 'reports', 'history.jsonl'),
      metadata: { kind: 'auto' },
    });
  });

  test('READ_ONLY and CONSISTENCY_WAIT_S', () => {
    expect(loadSettings({ READ_ONLY: '1', CONSISTENCY_WAIT_S: '0' }, '/')).toMatchObject({ readOnly: true, consistencyWaitS: 0 });
    expect(() => loadSettings({ READ_ONLY: 'sometimes' }, '/')).toThrow('READ_ONLY must be "on" or "off", got "sometimes"');
    expect(() => loadSettings({ CONSISTENCY_WAIT_S: '-1' }, '/')).toThrow('CONSISTENCY_WAIT_S must be a number from 0 to 600, got "-1"');
  });

  test('SKIP_CHECKS by report names, spaces and repeats forgiven', () => {
    expect(loadSettings({ SKIP_CHECKS: 'echo, odata-type,echo' }, '/').skipChecks).toEqual(['echo', 'odata-type']);
  });

  test('BASELINE_FILE: read and validated; none runs without one; UPDATE_BASELINE=1 may name a file still to be made', () => {
    const entry = { test: 'a.md#x', check: 'schema', pointer: '/countHits', reason: 'rounding, ticket 12', firstSeen: '2026-11-23' };
    const dir = folder({ 'known.json': JSON.stringify({ version: 1, deviations: [entry] }) });
    expect(loadSettings({ BASELINE_FILE: 'known.json' }, dir)).toMatchObject({
      baselineFile: path.join(dir, 'known.json'),
      knownDeviations: [entry],
    });
    expect(loadSettings({ BASELINE_FILE: 'none' }, dir)).toMatchObject({ baselineFile: undefined, knownDeviations: [] });
    expect(loadSettings({ BASELINE_FILE: 'new.json', UPDATE_BASELINE: '1' }, dir)).toMatchObject({
      baselineFile: path.join(dir, 'new.json'),
      knownDeviations: [],
      updateBaseline: 'record',
    });
    expect(loadSettings({ BASELINE_FILE: 'known.json', UPDATE_BASELINE: 'prune' }, dir).updateBaseline).toBe('prune');
  });

  test('NEGATIVE_SEED replays a run; IGNORE_HTTPS_ERRORS=1 accepts self-signed certificates', () => {
    expect(loadSettings({ NEGATIVE_SEED: 'abc', IGNORE_HTTPS_ERRORS: '1' }, '/')).toMatchObject({
      negativeSeed: 'abc',
      ignoreHTTPSErrors: true,
    });
  });

  test('token sources: API_TOKEN, OAuth client credentials, API_TOKEN_COMMAND', () => {
    const oauth = {
      OAUTH_TOKEN_URL: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
      OAUTH_CLIENT_ID: 'c',
      OAUTH_CLIENT_SECRET: 's',
      OAUTH_SCOPE: 'https://graph.microsoft.com/.default',
    };
    expect(loadSettings({ BASE_URL: REMOTE.BASE_URL, ...oauth }, '/').auth).toEqual({
      kind: 'oauth',
      tokenUrl: oauth.OAUTH_TOKEN_URL,
      clientId: 'c',
      clientSecret: 's',
      scope: oauth.OAUTH_SCOPE,
    });
    expect(loadSettings({ BASE_URL: REMOTE.BASE_URL, API_TOKEN_COMMAND: 'az account get-access-token' }, '/').auth).toEqual({
      kind: 'command',
      command: 'az account get-access-token',
    });
    expect(loadSettings({ MAX_RETRIES: '0', RETRY_MAX_WAIT_S: '2.5', REQUEST_TIMEOUT_MS: '500' }, '/').network).toMatchObject({
      maxRetries: 0,
      retryMaxWaitS: 2.5,
      requestTimeoutMs: 500,
    });
  });

  test('a remote target: trailing slashes and a "Bearer " prefix are tidied', () => {
    const settings = loadSettings({ BASE_URL: 'https://graph.microsoft.com/beta/', API_TOKEN: 'Bearer abc' }, '/');
    expect(settings).toMatchObject({
      baseURL: 'https://graph.microsoft.com/beta',
      auth: { kind: 'static', token: 'abc', variable: 'API_TOKEN' },
      embedded: false,
    });
  });

  test('relative CONTRACTS_DIR and PARAMS_FILE resolve against cwd; numbers become strings', () => {
    const dir = folder({ 'params.json': JSON.stringify({ ipSecurityProfileId: 'abc', '{port}': 443 }) });
    const settings = loadSettings({ ...REMOTE, PARAMS_FILE: 'params.json', CONTRACTS_DIR: 'pages' }, dir);
    expect(settings.params).toEqual({ ipSecurityProfileId: 'abc', port: '443' });
    expect(settings.contractsDir).toBe(path.join(dir, 'pages'));
  });

  test('REFERENCE_PORT moves the embedded base URL', () => {
    expect(loadSettings({ REFERENCE_PORT: '4999' }, '/')).toMatchObject({ referencePort: 4999, baseURL: 'http://127.0.0.1:4999/beta' });
  });

  test('NEGATIVE_TESTS on/off, in the spellings it accepts', () => {
    expect(['on', 'ON', 'true', '1', 'yes'].map((NEGATIVE_TESTS) => loadSettings({ NEGATIVE_TESTS }, '/').negative)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['off', 'Off', 'false', '0', 'no'].map((NEGATIVE_TESTS) => loadSettings({ NEGATIVE_TESTS }, '/').negative)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

test.describe('the token: its kind and what it was granted', () => {
  const OAUTH = {
    BASE_URL: REMOTE.BASE_URL,
    OAUTH_TOKEN_URL: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
    OAUTH_CLIENT_ID: 'c',
    OAUTH_CLIENT_SECRET: 's',
    OAUTH_SCOPE: 'https://graph.microsoft.com/.default',
  };
  const COMMAND = { BASE_URL: REMOTE.BASE_URL, API_TOKEN_COMMAND: 'az account get-access-token' };

  test('TOKEN_KIND unset: unknown with a static token, a token command or the embedded server; application with client credentials', () => {
    expect([REMOTE, COMMAND, {}].map((env) => loadSettings(env, '/').tokenKind)).toEqual([undefined, undefined, undefined]);
    expect(loadSettings(OAUTH, '/').tokenKind).toBe('application');
  });

  test('TOKEN_KIND as set, in any case, also against the embedded server (to rehearse a narrower token)', () => {
    expect(loadSettings({ ...REMOTE, TOKEN_KIND: 'delegated' }, '/').tokenKind).toBe('delegated');
    expect(loadSettings({ ...COMMAND, TOKEN_KIND: ' Delegated-Personal ' }, '/').tokenKind).toBe('delegated-personal');
    expect(loadSettings({ TOKEN_KIND: 'APPLICATION' }, '/').tokenKind).toBe('application');
    expect(loadSettings({ ...OAUTH, TOKEN_KIND: 'application' }, '/').tokenKind).toBe('application');
  });

  test('GRANTED_PERMISSIONS: separated by commas or spaces, each name once whatever its case, a scope URI by its name', () => {
    expect(
      loadSettings({ ...REMOTE, GRANTED_PERMISSIONS: 'User.Read.All, Group.ReadWrite.All  Mail.Read,user.read.all\toffline_access' }, '/')
        .grantedPermissions,
    ).toEqual(['User.Read.All', 'Group.ReadWrite.All', 'Mail.Read', 'offline_access']);
    expect(loadSettings({ GRANTED_PERMISSIONS: 'https://graph.microsoft.com/User.Read openid' }, '/').grantedPermissions).toEqual([
      'User.Read',
      'openid',
    ]);
  });
});

test.describe('configuration errors', () => {
  const error = (env: Record<string, string>, cwd = '/') => {
    try {
      loadSettings(env, cwd);
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(ConfigError);
      return (thrown as Error).message;
    }
    throw new Error(`loadSettings accepted ${JSON.stringify(env)}`);
  };

  test('BASE_URL without any token source', () => {
    expect(error({ BASE_URL: 'https://example.invalid/beta' })).toBe(
      'no token: BASE_URL=https://example.invalid/beta is a remote target. Set API_TOKEN to a bearer token it accepts, the OAuth client ' +
        'credentials (OAUTH_TOKEN_URL, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SCOPE), or API_TOKEN_COMMAND (in the environment or in .env); ' +
        'or unset BASE_URL to test the embedded reference server.',
    );
  });

  test('an API_TOKEN of only spaces counts as unset', () => {
    expect(error({ BASE_URL: 'https://example.invalid/beta', API_TOKEN: '   ' })).toMatch(/^no token: /);
  });

  test('two token sources, or OAuth settings missing a part', () => {
    expect(error({ ...REMOTE, API_TOKEN_COMMAND: 'az account get-access-token' })).toBe(
      'set one token source, not API_TOKEN and API_TOKEN_COMMAND',
    );
    expect(error({ BASE_URL: REMOTE.BASE_URL, OAUTH_TOKEN_URL: 'https://login.example/token', OAUTH_CLIENT_ID: 'c' })).toBe(
      'OAuth client credentials need OAUTH_CLIENT_SECRET, OAUTH_SCOPE too (set all of OAUTH_TOKEN_URL, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SCOPE)',
    );
  });

  test('plain http with a token to a host other than loopback, unless ALLOW_INSECURE_HTTP=1', () => {
    expect(error({ ...REMOTE, BASE_URL: 'http://graph.example.com/beta' })).toBe(
      'BASE_URL uses plain http to graph.example.com: a bearer token would cross the network unencrypted. Use https, or set ALLOW_INSECURE_HTTP=1 if this network is trusted',
    );
    expect(loadSettings({ ...REMOTE, BASE_URL: 'http://graph.example.com/beta', ALLOW_INSECURE_HTTP: '1' }, '/').baseURL).toBe(
      'http://graph.example.com/beta',
    );
    for (const host of ['127.0.0.1:8080', 'localhost', '[::1]:9'])
      expect(loadSettings({ ...REMOTE, BASE_URL: `http://${host}/beta` }, '/').embedded).toBe(false);
    expect(
      error({
        BASE_URL: REMOTE.BASE_URL,
        OAUTH_TOKEN_URL: 'http://login.example/token',
        OAUTH_CLIENT_ID: 'c',
        OAUTH_CLIENT_SECRET: 's',
        OAUTH_SCOPE: 'x',
      }),
    ).toMatch(/^OAUTH_TOKEN_URL uses plain http to login\.example/);
  });

  test('a user or password inside BASE_URL', () => {
    expect(error({ ...REMOTE, BASE_URL: 'https://me:secret@graph.example.com/beta' })).toMatch(
      /^BASE_URL must not carry a user or password/,
    );
  });

  test('network settings out of range', () => {
    expect(error({ MAX_RETRIES: '-1' })).toBe('MAX_RETRIES must be a whole number from 0 to 20, got "-1"');
    expect(error({ RETRY_MAX_WAIT_S: 'soon' })).toBe('RETRY_MAX_WAIT_S must be a number from 0 to 3600, got "soon"');
    expect(error({ REQUEST_TIMEOUT_MS: '5' })).toBe('REQUEST_TIMEOUT_MS must be a whole number from 100 to 3600000, got "5"');
  });

  test('BASE_URL that is not a URL', () => {
    expect(error({ ...REMOTE, BASE_URL: 'graph.microsoft.com/beta' })).toBe(
      'BASE_URL must be an absolute http(s) URL such as https://graph.microsoft.com/beta, got "graph.microsoft.com/beta"',
    );
  });

  test('BASE_URL that is not http(s)', () => {
    expect(error({ ...REMOTE, BASE_URL: 'ftp://example.com/beta' })).toBe('BASE_URL must use http or https, got "ftp://example.com/beta"');
  });

  test('BASE_URL with a query or fragment', () => {
    expect(error({ ...REMOTE, BASE_URL: 'https://example.com/beta?x=1' })).toBe(
      'BASE_URL must not carry a query or fragment, got "https://example.com/beta?x=1"',
    );
  });

  test('REFERENCE_PORT that is not a port number', () => {
    for (const port of ['abc', '0', '65536', '4010.5', '-1', '0x1F90', '1e3']) {
      expect(error({ REFERENCE_PORT: port }), port).toBe(`REFERENCE_PORT must be a port number (1-65535), got "${port}"`);
    }
  });

  test('PARAMS_FILE that does not exist', () => {
    const dir = folder();
    expect(error({ ...REMOTE, PARAMS_FILE: 'missing.json' }, dir)).toBe(
      `PARAMS_FILE ${path.join(dir, 'missing.json')} cannot be read: ENOENT`,
    );
  });

  test('PARAMS_FILE that is not JSON', () => {
    const dir = folder({ 'params.json': '{ ipSecurityProfileId: abc }' });
    expect(error({ ...REMOTE, PARAMS_FILE: 'params.json' }, dir)).toMatch(
      new RegExp(`^PARAMS_FILE ${escape(path.join(dir, 'params.json'))} is not valid JSON: .+`),
    );
  });

  test('PARAMS_FILE that is not an object', () => {
    for (const text of ['["abc"]', '"abc"', 'null', '42']) {
      const dir = folder({ 'params.json': text });
      expect(error({ ...REMOTE, PARAMS_FILE: 'params.json' }, dir), text).toBe(
        `PARAMS_FILE ${path.join(dir, 'params.json')} must hold a JSON object mapping placeholders to values, e.g. {"ipSecurityProfileId": "..."}`,
      );
    }
  });

  test('PARAMS_FILE with values that are not strings', () => {
    for (const [value, shown] of [
      [{ id: 1 }, '{"id":1}'],
      [['a'], '["a"]'],
      [true, 'true'],
      [null, 'null'],
    ] as const) {
      const dir = folder({ 'params.json': JSON.stringify({ ipSecurityProfileId: value }) });
      expect(error({ ...REMOTE, PARAMS_FILE: 'params.json' }, dir), shown).toBe(
        `PARAMS_FILE ${path.join(dir, 'params.json')}: the value of "ipSecurityProfileId" must be a string or a number, got ${shown}`,
      );
    }
  });

  test('SKIP_CHECKS with a name that is not a check lists the valid ones', () => {
    expect(error({ SKIP_CHECKS: 'status,ech' })).toBe(
      'SKIP_CHECKS: unknown check "ech"; valid: status, content-type, schema, echo, odata-type, error-shape, nothing-created, metadata',
    );
  });

  test('UPDATE_BASELINE other than 1 or prune', () => {
    expect(error({ UPDATE_BASELINE: 'yes', BASELINE_FILE: 'none' })).toMatch(/^UPDATE_BASELINE must be 1 .* or prune .*, got "yes"$/);
    expect(error({ UPDATE_BASELINE: '1', BASELINE_FILE: 'none' })).toBe(
      'UPDATE_BASELINE needs a baseline file: set BASELINE_FILE to a path, not "none"',
    );
  });

  test('BASELINE_FILE that does not exist, is not JSON, or holds a bad entry', () => {
    const dir = folder({
      'broken.json': '{"version": 1, deviations: []}',
      'shape.json': '[]',
      'entry.json': JSON.stringify({
        version: 1,
        deviations: [{ test: 'a.md#x', check: 'scheme', pointer: '/a', reason: '', firstSeen: '2026-11-23' }],
      }),
      'date.json': JSON.stringify({
        version: 1,
        deviations: [{ test: 'a.md#x', check: 'schema', pointer: '/a', reason: '', firstSeen: 'yesterday' }],
      }),
    });
    const file = (name: string) => escape(path.join(dir, name));
    expect(error({ BASELINE_FILE: 'missing.json' }, dir)).toBe(
      `BASELINE_FILE ${path.join(dir, 'missing.json')} does not exist: record one with UPDATE_BASELINE=1, or unset BASELINE_FILE`,
    );
    expect(error({ BASELINE_FILE: 'missing.json', UPDATE_BASELINE: 'prune' }, dir)).toMatch(/does not exist/);
    expect(error({ BASELINE_FILE: 'broken.json' }, dir)).toMatch(new RegExp(`^BASELINE_FILE ${file('broken.json')} is not valid JSON: .+`));
    expect(error({ BASELINE_FILE: 'shape.json' }, dir)).toBe(
      `BASELINE_FILE ${path.join(dir, 'shape.json')} must hold {"version": 1, "deviations": [...]}; record one with UPDATE_BASELINE=1`,
    );
    expect(error({ BASELINE_FILE: 'entry.json' }, dir)).toMatch(/: deviations\[0\]: unknown check "scheme"; valid: status, content-type, /);
    expect(error({ BASELINE_FILE: 'date.json' }, dir)).toMatch(
      /: deviations\[0\]: "firstSeen" must be a date YYYY-MM-DD, got "yesterday"$/,
    );
  });

  test('TOKEN_KIND that is no token kind lists the valid ones', () => {
    expect(error({ ...REMOTE, TOKEN_KIND: 'app' })).toBe(
      'TOKEN_KIND must be application, delegated, delegated-personal (the kind of token the run sends), got "app"',
    );
  });

  test('TOKEN_KIND other than application with OAuth client credentials, which give an application token', () => {
    const oauth = {
      BASE_URL: REMOTE.BASE_URL,
      OAUTH_TOKEN_URL: 'https://login.example/token',
      OAUTH_CLIENT_ID: 'c',
      OAUTH_CLIENT_SECRET: 's',
      OAUTH_SCOPE: 'x',
    };
    expect(error({ ...oauth, TOKEN_KIND: 'delegated' })).toBe(
      'TOKEN_KIND=delegated contradicts the OAuth client credentials (OAUTH_*), which give an application token: unset TOKEN_KIND or set it to application',
    );
  });

  test('GRANTED_PERMISSIONS with something that is not a permission name, or no name at all', () => {
    expect(error({ GRANTED_PERMISSIONS: 'User.Read;Mail.Read' })).toBe(
      'GRANTED_PERMISSIONS must list permission names such as User.Read.All, Group.ReadWrite.All (separated by commas or spaces), got "User.Read;Mail.Read"',
    );
    expect(error({ GRANTED_PERMISSIONS: ' , ,' })).toMatch(/^GRANTED_PERMISSIONS must list permission names .*, got none$/);
  });

  test('NEGATIVE_TESTS that is neither on nor off', () => {
    expect(error({ NEGATIVE_TESTS: 'maybe' })).toBe('NEGATIVE_TESTS must be "on" or "off", got "maybe"');
  });
});

test.describe('listPages', () => {
  const contractsError = (dir: string) => {
    try {
      listPages(dir);
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(ContractsError);
      return (thrown as Error).message;
    }
    throw new Error(`listPages accepted ${dir}`);
  };

  test('a missing folder', () => {
    const dir = path.join(folder(), 'nope');
    expect(contractsError(dir)).toBe(`contracts folder ${dir} does not exist (set CONTRACTS_DIR to a folder of *.md pages)`);
  });

  test('a file instead of a folder', () => {
    const file = path.join(folder({ 'page.md': '# x' }), 'page.md');
    expect(contractsError(file)).toBe(`CONTRACTS_DIR ${file} is not a folder`);
  });

  test('a folder without .md files (hidden folders do not count)', () => {
    const dir = folder({ 'notes.txt': 'x', 'page.md.bak': 'x', '.git/README.md': '# x' });
    expect(contractsError(dir)).toBe(`contracts folder ${dir} holds no *.md pages`);
  });

  test('pages are found recursively, sorted, /-separated, any case of .md', () => {
    const dir = folder({ 'b.md': '', 'a/z.MD': '', 'a/y.md': '', 'notes.txt': '', '.hidden/x.md': '' });
    expect(listPages(dir)).toEqual(['a/y.md', 'a/z.MD', 'b.md']);
  });

  test('a folder named like a page is not a page', () => {
    const dir = folder({ 'b.md': '', 'odd.md/inside.txt': '' });
    expect(listPages(dir)).toEqual(['b.md']);
  });

  test('a page that cannot be read is named before any test runs', () => {
    const dir = folder({ 'b.md': '' });
    expect(readRequiredSource(path.join(dir, 'b.md'), 'b.md')).toEqual({ text: '' });
    expect(() => readRequiredSource(path.join(dir, 'gone.md'), 'gone.md')).toThrow(new ContractsError('cannot read page gone.md: ENOENT'));
  });

  test('the seed folder lists the five seed pages', () => {
    expect(listPages(path.join(PROJECT_ROOT, 'contracts'))).toHaveLength(5);
  });
});
