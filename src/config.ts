/**
 * The suite's configuration, from environment variables (and `.env`, read by `loadEnvFile` with dotenv).
 * Every user mistake becomes a ConfigError with a sentence that says what to do, before any test runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { CHECK_NAMES, isCheckName, type CheckName } from './core/checkNames';
import { PROJECT_ROOT } from './core/projectRoot';
import { newSeed } from './core/random';

export { PROJECT_ROOT };
import { BaselineFormatError, parseBaseline, type KnownDeviation } from './report/baseline';

export class ConfigError extends Error {}

/** The suite's own version, as package.json gives it (shown in the report; part of cache keys). */
export const SUITE_VERSION = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** The token the suite sends to the embedded reference server, which accepts any non-empty one. */
export const REFERENCE_TOKEN = 'reference-server-token';
export const DEFAULT_REFERENCE_PORT = 4010;
export const REFERENCE_BASE_PATH = '/beta';
/** 4 MiB: far above any documented resource, far below what would exhaust a worker. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Where the bearer token comes from (never printed: only `describeTokenSource` is). */
export type TokenSource =
  | { kind: 'static'; token: string; variable: 'API_TOKEN' | 'reference' }
  | { kind: 'oauth'; tokenUrl: string; clientId: string; clientSecret: string; scope: string }
  | { kind: 'command'; command: string };

/** The kinds of token a run may hold (TOKEN_KIND), as the permissions tables of the pages distinguish them. */
export const TOKEN_KINDS = ['application', 'delegated', 'delegated-personal'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** How patient the suite is with the target (429/503/504 retries, request timeout). */
export interface NetworkSettings {
  maxRetries: number;
  retryMaxWaitS: number;
  requestTimeoutMs: number;
  /** Bytes of a response body read and checked; past it the body is counted and hashed, not kept. */
  maxBodyBytes: number;
}

export interface Settings {
  /** Absolute path of the folder of pages. */
  contractsDir: string;
  /** Root the documented paths are appended to, version segment included. */
  baseURL: string;
  auth: TokenSource;
  network: NetworkSettings;
  /** True when the suite targets the embedded reference server (BASE_URL unset). */
  embedded: boolean;
  referencePort: number;
  /** Path placeholder values for a deployment (PARAMS_FILE). */
  params: Record<string, string>;
  /** Whether the `negative` project sends bad input (NEGATIVE_TESTS). */
  negative: boolean;
  /** READ_ONLY=1: only reads (GET) are sent; every write, prerequisite creates included, is skipped. */
  readOnly: boolean;
  /** How long a read of something the run just made may answer 404 before the test believes it (CONSISTENCY_WAIT_S). */
  consistencyWaitS: number;
  reportsDir: string;
  /** Accept self-signed certificates on the target (IGNORE_HTTPS_ERRORS=1). */
  ignoreHTTPSErrors: boolean;
  /** Seed of the negative project's values (NEGATIVE_SEED replays a run; a fresh one otherwise). */
  negativeSeed: string;
  /** Checks switched off for the run (SKIP_CHECKS), by their report names. */
  skipChecks: CheckName[];
  /** The baseline file (BASELINE_FILE, default baseline.json in the project); undefined for BASELINE_FILE=none. */
  baselineFile: string | undefined;
  /** The known deviations it holds (none when the file does not exist yet). */
  knownDeviations: KnownDeviation[];
  /** UPDATE_BASELINE: `record` (=1) writes the run's broken promises into the baseline, `prune` drops stale ones. */
  updateBaseline: 'record' | 'prune' | undefined;
  /**
   * The kind of token the run sends (TOKEN_KIND; OAuth client credentials imply `application`); undefined: unknown,
   * and nothing is skipped for its kind. Never found by decoding the token: Microsoft encrypts some.
   */
  tokenKind: TokenKind | undefined;
  /** The permissions the token holds (GRANTED_PERMISSIONS), as written, each once; undefined: not said. */
  grantedPermissions: string[] | undefined;
  /** HISTORY_FILE: one record per test per run (default history.jsonl in the reports folder); undefined for HISTORY_FILE=none. */
  historyFile: string | undefined;
  /**
   * The service's own description (METADATA): `auto` fetches `{BASE_URL}/$metadata` once per run, `off`
   * reads none, else CSDL files or URLs read as one document.
   */
  metadata: MetadataSetting;
}

export type MetadataSetting = { kind: 'auto' } | { kind: 'off' } | { kind: 'sources'; sources: string[] };

type Env = Record<string, string | undefined>;

/**
 * Reads `.env` in the project (or the file ENV_FILE names; `ENV_FILE=none` reads none, as the self-tests'
 * child runs do, so that a developer's .env never points them at a real deployment). Real environment
 * variables win: dotenv does not override.
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env): void {
  const file = env.ENV_FILE?.trim();
  if (file === 'none') return;
  dotenv.config({ path: file ? path.resolve(file) : path.join(PROJECT_ROOT, '.env'), quiet: true, processEnv: env });
}

/** The entries of a comma-separated list, trimmed, empty ones dropped: every list setting and header is read so. */
export const commaList = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

const value = (env: Env, name: string) => {
  const text = env[name]?.trim();
  return text ? text : undefined;
};

function readParams(file: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`PARAMS_FILE ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`PARAMS_FILE ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(
      `PARAMS_FILE ${file} must hold a JSON object mapping placeholders to values, e.g. {"ipSecurityProfileId": "..."}`,
    );
  }
  const params: Record<string, string> = {};
  for (const [name, entry] of Object.entries(parsed)) {
    if (typeof entry !== 'string' && typeof entry !== 'number') {
      throw new ConfigError(`PARAMS_FILE ${file}: the value of "${name}" must be a string or a number, got ${JSON.stringify(entry)}`);
    }
    params[name.replace(/^\{|\}$/g, '')] = String(entry);
  }
  return params;
}

function readNumber(
  env: Env,
  name: string,
  fallback: number,
  { min, max, integer }: { min: number; max: number; integer?: boolean },
): number {
  const text = value(env, name);
  if (text === undefined) return fallback;
  const number = Number(text);
  if (!Number.isFinite(number) || number < min || number > max || (integer && !Number.isInteger(number))) {
    throw new ConfigError(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${env[name]}"`);
  }
  return number;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
export const isLoopback = (url: URL) => LOOPBACK.test(url.hostname);

/** An absolute http(s) URL without credentials; plain http only to loopback unless ALLOW_INSECURE_HTTP=1. */
function readUrl(env: Env, name: string, example: string): URL {
  const text = value(env, name)!;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL such as ${example}, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name} must use http or https, got "${text}"`);
  if (url.username || url.password) {
    throw new ConfigError(
      `${name} must not carry a user or password (they would be sent in clear and printed in reports); use the token settings instead`,
    );
  }
  if (url.protocol === 'http:' && !isLoopback(url) && !readSwitch(env, 'ALLOW_INSECURE_HTTP', false)) {
    throw new ConfigError(
      `${name} uses plain http to ${url.host}: a bearer token would cross the network unencrypted. Use https, or set ALLOW_INSECURE_HTTP=1 if this network is trusted`,
    );
  }
  return url;
}

const OAUTH_VARIABLES = ['OAUTH_TOKEN_URL', 'OAUTH_CLIENT_ID', 'OAUTH_CLIENT_SECRET', 'OAUTH_SCOPE'] as const;

/** Exactly one token source for a remote target: API_TOKEN, the four OAUTH_* settings, or API_TOKEN_COMMAND. */
function readTokenSource(env: Env, base: string): TokenSource {
  const oauth = OAUTH_VARIABLES.filter((name) => value(env, name) !== undefined);
  const given = [
    value(env, 'API_TOKEN') && 'API_TOKEN',
    oauth.length && 'OAUTH_*',
    value(env, 'API_TOKEN_COMMAND') && 'API_TOKEN_COMMAND',
  ].filter(Boolean);
  if (given.length > 1) throw new ConfigError(`set one token source, not ${given.join(' and ')}`);
  if (oauth.length) {
    const missing = OAUTH_VARIABLES.filter((name) => !oauth.includes(name));
    if (missing.length)
      throw new ConfigError(`OAuth client credentials need ${missing.join(', ')} too (set all of ${OAUTH_VARIABLES.join(', ')})`);
    return {
      kind: 'oauth',
      tokenUrl: readUrl(env, 'OAUTH_TOKEN_URL', 'https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token').href,
      clientId: value(env, 'OAUTH_CLIENT_ID')!,
      clientSecret: value(env, 'OAUTH_CLIENT_SECRET')!,
      scope: value(env, 'OAUTH_SCOPE')!,
    };
  }
  const command = value(env, 'API_TOKEN_COMMAND');
  if (command) return { kind: 'command', command };
  const apiToken = value(env, 'API_TOKEN');
  if (apiToken === undefined) {
    throw new ConfigError(
      `no token: BASE_URL=${base} is a remote target. Set API_TOKEN to a bearer token it accepts, the OAuth client ` +
        `credentials (${OAUTH_VARIABLES.join(', ')}), or API_TOKEN_COMMAND (in the environment or in .env); or unset BASE_URL ` +
        'to test the embedded reference server.',
    );
  }
  return { kind: 'static', token: apiToken.replace(/^Bearer\s+/i, ''), variable: 'API_TOKEN' };
}

/** The token source in words, for the report's metadata: never the token or the secret. */
export function describeTokenSource(auth: TokenSource): string {
  switch (auth.kind) {
    case 'static':
      return auth.variable === 'API_TOKEN' ? 'API_TOKEN (static)' : "the reference server's fixed token";
    case 'oauth':
      return `OAuth client credentials (${auth.tokenUrl}, client ${auth.clientId}, scope ${auth.scope})`;
    case 'command':
      return 'API_TOKEN_COMMAND';
  }
}

function readSwitch(env: Env, name: string, fallback: boolean): boolean {
  const text = value(env, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (['on', 'true', '1', 'yes'].includes(text)) return true;
  if (['off', 'false', '0', 'no'].includes(text)) return false;
  throw new ConfigError(`${name} must be "on" or "off", got "${env[name]}"`);
}

/** TOKEN_KIND: client credentials give an application token, so with the OAUTH_* settings it can only be `application`. */
function readTokenKind(env: Env, auth: TokenSource): TokenKind | undefined {
  const text = value(env, 'TOKEN_KIND');
  const kind = TOKEN_KINDS.find((name) => name === text?.toLowerCase());
  if (text !== undefined && kind === undefined) {
    throw new ConfigError(`TOKEN_KIND must be ${TOKEN_KINDS.join(', ')} (the kind of token the run sends), got "${text}"`);
  }
  if (auth.kind !== 'oauth') return kind;
  if (kind !== undefined && kind !== 'application') {
    throw new ConfigError(
      `TOKEN_KIND=${text} contradicts the OAuth client credentials (OAUTH_*), which give an application token: unset TOKEN_KIND or set it to application`,
    );
  }
  return 'application';
}

/** `User.Read.All`, `Group.ReadWrite.All`; also `offline_access` and the like, which tokens carry. */
const PERMISSION_NAME = /^[A-Za-z][\w.-]*$/;

/** GRANTED_PERMISSIONS: names separated by commas or spaces, compared without case; a scope URI counts by its name. */
function readGrantedPermissions(env: Env): string[] | undefined {
  const text = value(env, 'GRANTED_PERMISSIONS');
  if (text === undefined) return undefined;
  const names = text
    .split(/[\s,]+/)
    .filter(Boolean)
    // `https://graph.microsoft.com/User.Read`, as OAuth scopes are written, names User.Read.
    .map((name) => name.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+\//i, ''));
  const bad = names.find((name) => !PERMISSION_NAME.test(name));
  if (bad !== undefined || !names.length) {
    throw new ConfigError(
      `GRANTED_PERMISSIONS must list permission names such as User.Read.All, Group.ReadWrite.All (separated by commas or spaces), got ${bad === undefined ? 'none' : `"${bad}"`}`,
    );
  }
  return names.filter((name, index) => names.findIndex((other) => other.toLowerCase() === name.toLowerCase()) === index);
}

function readSkipChecks(env: Env): CheckName[] {
  const names = commaList(value(env, 'SKIP_CHECKS'));
  const unknown = names.find((name) => !isCheckName(name));
  if (unknown !== undefined) throw new ConfigError(`SKIP_CHECKS: unknown check "${unknown}"; valid: ${CHECK_NAMES.join(', ')}`);
  return [...new Set(names as CheckName[])];
}

function readUpdateBaseline(env: Env): Settings['updateBaseline'] {
  const text = value(env, 'UPDATE_BASELINE')?.toLowerCase();
  if (text === undefined || text === '0') return undefined;
  if (text === '1') return 'record';
  if (text === 'prune') return 'prune';
  throw new ConfigError(
    `UPDATE_BASELINE must be 1 (record the run's broken promises) or prune (drop stale entries), got "${env.UPDATE_BASELINE}"`,
  );
}

/** The baseline: the default file is used when present; a file named in BASELINE_FILE must exist unless it is being recorded. */
function readBaseline(env: Env, cwd: string, update: Settings['updateBaseline']): Pick<Settings, 'baselineFile' | 'knownDeviations'> {
  const named = value(env, 'BASELINE_FILE');
  if (named?.toLowerCase() === 'none') {
    if (update) throw new ConfigError('UPDATE_BASELINE needs a baseline file: set BASELINE_FILE to a path, not "none"');
    return { baselineFile: undefined, knownDeviations: [] };
  }
  const file = path.resolve(cwd, named ?? path.join(PROJECT_ROOT, 'baseline.json'));
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && (named === undefined || update === 'record')) return { baselineFile: file, knownDeviations: [] };
    if (code === 'ENOENT')
      throw new ConfigError(`BASELINE_FILE ${file} does not exist: record one with UPDATE_BASELINE=1, or unset BASELINE_FILE`);
    throw new ConfigError(`BASELINE_FILE ${file} cannot be read: ${code ?? (error as Error).message}`);
  }
  try {
    return { baselineFile: file, knownDeviations: parseBaseline(text).deviations };
  } catch (error) {
    if (error instanceof BaselineFormatError)
      throw new ConfigError(
        `BASELINE_FILE ${file} ${error.message.startsWith('is ') || error.message.startsWith('must ') ? '' : ': '}${error.message}`,
      );
    throw error;
  }
}

/** HISTORY_FILE: a file (made on the first run), by default in the reports folder; `none` keeps no history. */
function readHistoryFile(env: Env, cwd: string, reportsDir: string): string | undefined {
  const named = value(env, 'HISTORY_FILE');
  if (named?.toLowerCase() === 'none') return undefined;
  const file = path.resolve(cwd, named ?? path.join(reportsDir, 'history.jsonl'));
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory())
    throw new ConfigError(`HISTORY_FILE ${file} is a folder: name a file (it is made on the first run), or set HISTORY_FILE=none`);
  return file;
}

/** METADATA: auto (default), off, or comma-separated CSDL files (must exist) and http(s) URLs. */
function readMetadataSetting(env: Env, cwd: string): MetadataSetting {
  const text = value(env, 'METADATA');
  if (text === undefined || text.toLowerCase() === 'auto') return { kind: 'auto' };
  if (text.toLowerCase() === 'off') return { kind: 'off' };
  const sources = commaList(text).map((entry) => {
    if (/^https?:\/\//i.test(entry)) return entry;
    const file = path.resolve(cwd, entry);
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile())
      throw new ConfigError(`METADATA: ${file} is not a file; name CSDL files or URLs (comma-separated), or auto, or off`);
    return file;
  });
  return { kind: 'sources', sources };
}

function readReferencePort(env: Env): number {
  const portText = value(env, 'REFERENCE_PORT');
  const referencePort = portText === undefined ? DEFAULT_REFERENCE_PORT : /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(referencePort) || referencePort < 1 || referencePort > 65535) {
    throw new ConfigError(`REFERENCE_PORT must be a port number (1-65535), got "${portText}"`);
  }
  return referencePort;
}

const readContractsDir = (env: Env, cwd: string) => path.resolve(cwd, value(env, 'CONTRACTS_DIR') ?? path.join(PROJECT_ROOT, 'contracts'));

export function loadSettings(env: Env = process.env, cwd = process.cwd()): Settings {
  const referencePort = readReferencePort(env);
  const base = value(env, 'BASE_URL');
  let baseURL = `http://127.0.0.1:${referencePort}${REFERENCE_BASE_PATH}`;
  let auth: TokenSource = { kind: 'static', token: REFERENCE_TOKEN, variable: 'reference' };
  if (base !== undefined) {
    const url = readUrl(env, 'BASE_URL', 'https://graph.microsoft.com/beta');
    if (url.search || url.hash) throw new ConfigError(`BASE_URL must not carry a query or fragment, got "${base}"`);
    baseURL = base.replace(/\/+$/, '');
    auth = readTokenSource(env, base);
  }
  const paramsFile = value(env, 'PARAMS_FILE');
  const updateBaseline = readUpdateBaseline(env);
  const reportsDir = path.resolve(cwd, value(env, 'REPORTS_DIR') ?? path.join(PROJECT_ROOT, 'reports'));
  return {
    contractsDir: readContractsDir(env, cwd),
    baseURL,
    auth,
    network: {
      maxRetries: readNumber(env, 'MAX_RETRIES', 3, { min: 0, max: 20, integer: true }),
      retryMaxWaitS: readNumber(env, 'RETRY_MAX_WAIT_S', 60, { min: 0, max: 3600 }),
      requestTimeoutMs: readNumber(env, 'REQUEST_TIMEOUT_MS', 30_000, { min: 100, max: 3_600_000, integer: true }),
      maxBodyBytes: readNumber(env, 'MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES, { min: 1024, max: 1_073_741_824, integer: true }),
    },
    embedded: base === undefined,
    referencePort,
    params: paramsFile ? readParams(path.resolve(cwd, paramsFile)) : {},
    negative: readSwitch(env, 'NEGATIVE_TESTS', true),
    readOnly: readSwitch(env, 'READ_ONLY', false),
    consistencyWaitS: readNumber(env, 'CONSISTENCY_WAIT_S', 30, { min: 0, max: 600 }),
    reportsDir,
    ignoreHTTPSErrors: readSwitch(env, 'IGNORE_HTTPS_ERRORS', false),
    negativeSeed: value(env, 'NEGATIVE_SEED') ?? newSeed(),
    skipChecks: readSkipChecks(env),
    ...readBaseline(env, cwd, updateBaseline),
    updateBaseline,
    tokenKind: readTokenKind(env, auth),
    grantedPermissions: readGrantedPermissions(env),
    historyFile: readHistoryFile(env, cwd, reportsDir),
    metadata: readMetadataSetting(env, cwd),
  };
}

/** What the embedded reference server (server/main.ts) reads. Switch names are checked by the server, which knows them. */
export interface ReferenceSettings {
  contractsDir: string;
  port: number;
  /** REFERENCE_NONCE: returned by GET /health, so a run can prove the server on its port is its own. */
  nonce: string | undefined;
  /** REFERENCE_FAULTS, REFERENCE_TOLERANCES, REFERENCE_CONDITIONS: names, in the order given. */
  faults: string[];
  tolerances: string[];
  conditions: string[];
  /** REFERENCE_SWITCH_HEADER=1: a request may add faults and tolerances by naming them in `x-reference-switches`. */
  switchHeader: boolean;
  /** REFERENCE_TOKEN_TTL_MS, REFERENCE_DELAY_MS, REFERENCE_BODY_BYTES: only those set (the conditions have defaults). */
  conditionSettings: { tokenTtlMs?: number; delayMs?: number; bodyBytes?: number; visibilityMs?: number };
}

/** The longest wait a Node timer keeps (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;
/** 500 MiB: a padding string much longer would pass V8's string limit. */
const MAX_PADDING_BYTES = 500 * 1024 * 1024;

const readNames = (env: Env, name: string) => commaList(value(env, name));

export function loadReferenceSettings(env: Env = process.env, cwd = process.cwd()): ReferenceSettings {
  const conditionSettings: ReferenceSettings['conditionSettings'] = {};
  for (const [key, name, max] of [
    ['tokenTtlMs', 'REFERENCE_TOKEN_TTL_MS', MAX_TIMER_MS],
    ['delayMs', 'REFERENCE_DELAY_MS', MAX_TIMER_MS],
    ['bodyBytes', 'REFERENCE_BODY_BYTES', MAX_PADDING_BYTES],
    ['visibilityMs', 'REFERENCE_VISIBILITY_MS', MAX_TIMER_MS],
  ] as const) {
    if (value(env, name) !== undefined) conditionSettings[key] = readNumber(env, name, 0, { min: 0, max, integer: true });
  }
  return {
    contractsDir: readContractsDir(env, cwd),
    port: readReferencePort(env),
    nonce: value(env, 'REFERENCE_NONCE'),
    faults: readNames(env, 'REFERENCE_FAULTS'),
    tolerances: readNames(env, 'REFERENCE_TOLERANCES'),
    conditions: readNames(env, 'REFERENCE_CONDITIONS'),
    switchHeader: readSwitch(env, 'REFERENCE_SWITCH_HEADER', false),
    conditionSettings,
  };
}

/** Stops the run: one line on stderr and exit code 2, not a stack trace. */
export function stopRun(message: string): never {
  process.stderr.write(`\ngraph-doc-contracts: ${message}\n\n`);
  process.exit(2);
}

/** For entry points: a configuration mistake is one line on stderr and exit code 2, not a stack trace. */
export function exitOnConfigError<T>(load: () => T, errorTypes: (new (...args: never[]) => Error)[] = [ConfigError]): T {
  try {
    return load();
  } catch (error) {
    if (errorTypes.some((type) => error instanceof type)) stopRun(`configuration error: ${(error as Error).message}`);
    throw error;
  }
}
