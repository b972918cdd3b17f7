/**
 * The reference server's settings, read by the project's one settings reader (loadReferenceSettings in
 * src/config.ts), and server/main.ts on them: an unknown switch name is one line and exit code 2, and
 * REFERENCE_SWITCH_HEADER=1 lets a request choose its switches. Every process started here is stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ConfigError, DEFAULT_REFERENCE_PORT, loadReferenceSettings, PROJECT_ROOT } from '../../src/config';
import { SWITCHES_HEADER } from '../../server/switchSets';
import { freePort } from '../support/runSuite';

test('nothing set: the defaults, and no condition parameter (the conditions keep their own)', () => {
  expect(loadReferenceSettings({}, '/somewhere')).toEqual({
    contractsDir: path.join(PROJECT_ROOT, 'contracts'),
    port: DEFAULT_REFERENCE_PORT,
    nonce: undefined,
    faults: [],
    tolerances: [],
    conditions: [],
    switchHeader: false,
    conditionSettings: {},
  });
});

test('every setting read: names in their order, numbers, the switch header', () => {
  const settings = loadReferenceSettings(
    {
      CONTRACTS_DIR: 'pages',
      REFERENCE_PORT: '4999',
      REFERENCE_NONCE: ' run-1 ',
      REFERENCE_FAULTS: 'int32-as-string, id-missing,,',
      REFERENCE_TOLERANCES: 'pretty-printed',
      REFERENCE_CONDITIONS: 'slow,oauth',
      REFERENCE_SWITCH_HEADER: '1',
      REFERENCE_TOKEN_TTL_MS: '1500',
      REFERENCE_DELAY_MS: '0',
      REFERENCE_BODY_BYTES: '100000',
    },
    '/work',
  );
  expect(settings).toEqual({
    contractsDir: path.resolve('/work', 'pages'),
    port: 4999,
    nonce: 'run-1',
    faults: ['int32-as-string', 'id-missing'],
    tolerances: ['pretty-printed'],
    conditions: ['slow', 'oauth'],
    switchHeader: true,
    conditionSettings: { tokenTtlMs: 1500, delayMs: 0, bodyBytes: 100000 },
  });
  expect(loadReferenceSettings({ REFERENCE_SWITCH_HEADER: 'off' }).switchHeader).toBe(false);
});

test('a mistake in a setting is a ConfigError that says what is expected', () => {
  const error = (env: Record<string, string>) => {
    try {
      loadReferenceSettings(env);
    } catch (caught) {
      expect(caught).toBeInstanceOf(ConfigError);
      return (caught as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(env)}`);
  };
  expect(error({ REFERENCE_DELAY_MS: '300ms' })).toBe('REFERENCE_DELAY_MS must be a whole number from 0 to 2147483647, got "300ms"');
  expect(error({ REFERENCE_TOKEN_TTL_MS: '-1' })).toMatch(/^REFERENCE_TOKEN_TTL_MS must be a whole number from 0 to /);
  expect(error({ REFERENCE_BODY_BYTES: '1073741824' })).toBe(
    'REFERENCE_BODY_BYTES must be a whole number from 0 to 524288000, got "1073741824"',
  );
  expect(error({ REFERENCE_SWITCH_HEADER: 'maybe' })).toBe('REFERENCE_SWITCH_HEADER must be "on" or "off", got "maybe"');
  expect(error({ REFERENCE_PORT: '70000' })).toBe('REFERENCE_PORT must be a port number (1-65535), got "70000"');
});

// ---- server/main.ts as a process ----

const running: ChildProcess[] = [];
test.afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startServer(env: Record<string, string>): { child: ChildProcess; exited: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, exited: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
}

test.describe('the server process', () => {
  test.describe.configure({ timeout: 60_000 });

  test('an unknown fault is one configuration line naming the known ones, exit code 2', async () => {
    const { exited } = startServer({ REFERENCE_PORT: String(await freePort()), REFERENCE_FAULTS: 'int32-as-string,no-such-fault' });
    const result = await exited;
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^graph-doc-contracts: configuration error: REFERENCE_FAULTS: unknown switch no-such-fault; known: create-returns-200, /,
      ),
    ]);
  });

  test('REFERENCE_SWITCH_HEADER=1: a request chooses its switches by header', async () => {
    const port = await freePort();
    const { child, exited } = startServer({ REFERENCE_PORT: String(port), REFERENCE_SWITCH_HEADER: '1' });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('reference server: http') && resolve());
      child.on('close', (code) => reject(new Error(`server exited with ${code} before listening`)));
    });
    const create = (headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${port}/beta/Security/ipSecurityProfiles`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    expect((await create({ [SWITCHES_HEADER]: 'create-returns-200' })).status).toBe(200);
    expect((await create()).status).toBe(201);
    expect((await create({ [SWITCHES_HEADER]: 'no-such-switch' })).status).toBe(400);
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });
});
