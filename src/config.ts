/**
 * The suite's configuration, from environment variables (and `.env`, loaded by the caller with dotenv).
 * Every user mistake becomes a ConfigError with a sentence that says what to do, before any test runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CHECK_NAMES, isCheckName, type CheckName } from './core/checkNames';
import { newSeed } from './core/random';
import { BaselineFormatError, parseBaseline, type KnownDeviation } from './report/baseline';

export class ConfigError extends Error {}

export const PROJECT_ROOT = path.resolve(__dirname, '..');
/** The token the suite sends to the embedded reference server, which accepts any non-empty one. */
export const REFERENCE_TOKEN = 'reference-server-token';
export const DEFAULT_REFERENCE_PORT = 4010;
export const REFERENCE_BASE_PATH = '/beta';

export interface Settings {
  /** Absolute path of the folder of pages. */
  contractsDir: string;
  /** Root the documented paths are appended to, version segment included. */
  baseURL: string;
  token: string;
  /** True when the suite targets the embedded reference server (BASE_URL unset). */
  embedded: boolean;
  referencePort: number;
  /** Path placeholder values for a deployment (PARAMS_FILE). */
  params: Record<string, string>;
  /** Whether the `negative` project sends bad input (NEGATIVE_TESTS). */
  negative: boolean;
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
}

type Env = Record<string, string | undefined>;

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
    throw new ConfigError(`PARAMS_FILE ${file} must hold a JSON object mapping placeholders to values, e.g. {"ipSecurityProfileId": "..."}`);
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

function readSwitch(env: Env, name: string, fallback: boolean): boolean {
  const text = value(env, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (['on', 'true', '1', 'yes'].includes(text)) return true;
  if (['off', 'false', '0', 'no'].includes(text)) return false;
  throw new ConfigError(`${name} must be "on" or "off", got "${env[name]}"`);
}

function readSkipChecks(env: Env): CheckName[] {
  const names = (value(env, 'SKIP_CHECKS') ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.find((name) => !isCheckName(name));
  if (unknown !== undefined) throw new ConfigError(`SKIP_CHECKS: unknown check "${unknown}"; valid: ${CHECK_NAMES.join(', ')}`);
  return [...new Set(names as CheckName[])];
}

function readUpdateBaseline(env: Env): Settings['updateBaseline'] {
  const text = value(env, 'UPDATE_BASELINE')?.toLowerCase();
  if (text === undefined || text === '0') return undefined;
  if (text === '1') return 'record';
  if (text === 'prune') return 'prune';
  throw new ConfigError(`UPDATE_BASELINE must be 1 (record the run's broken promises) or prune (drop stale entries), got "${env.UPDATE_BASELINE}"`);
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
    if (code === 'ENOENT') throw new ConfigError(`BASELINE_FILE ${file} does not exist: record one with UPDATE_BASELINE=1, or unset BASELINE_FILE`);
    throw new ConfigError(`BASELINE_FILE ${file} cannot be read: ${code ?? (error as Error).message}`);
  }
  try {
    return { baselineFile: file, knownDeviations: parseBaseline(text).deviations };
  } catch (error) {
    if (error instanceof BaselineFormatError) throw new ConfigError(`BASELINE_FILE ${file} ${error.message.startsWith('is ') || error.message.startsWith('must ') ? '' : ': '}${error.message}`);
    throw error;
  }
}

export function loadSettings(env: Env = process.env, cwd = process.cwd()): Settings {
  const portText = value(env, 'REFERENCE_PORT');
  const referencePort = portText === undefined ? DEFAULT_REFERENCE_PORT : /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(referencePort) || referencePort < 1 || referencePort > 65535) {
    throw new ConfigError(`REFERENCE_PORT must be a port number (1-65535), got "${portText}"`);
  }
  const base = value(env, 'BASE_URL');
  let baseURL = `http://127.0.0.1:${referencePort}${REFERENCE_BASE_PATH}`;
  let token = REFERENCE_TOKEN;
  if (base !== undefined) {
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new ConfigError(`BASE_URL must be an absolute http(s) URL such as https://graph.microsoft.com/beta, got "${base}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`BASE_URL must use http or https, got "${base}"`);
    }
    if (url.search || url.hash) throw new ConfigError(`BASE_URL must not carry a query or fragment, got "${base}"`);
    const apiToken = value(env, 'API_TOKEN');
    if (apiToken === undefined) {
      throw new ConfigError(
        `API_TOKEN is not set. BASE_URL=${base} is a remote target: set API_TOKEN to a bearer token it accepts ` +
          '(in the environment or in .env), or unset BASE_URL to test the embedded reference server.',
      );
    }
    baseURL = base.replace(/\/+$/, '');
    token = apiToken.replace(/^Bearer\s+/i, '');
  }
  const paramsFile = value(env, 'PARAMS_FILE');
  const updateBaseline = readUpdateBaseline(env);
  return {
    contractsDir: path.resolve(cwd, value(env, 'CONTRACTS_DIR') ?? path.join(PROJECT_ROOT, 'contracts')),
    baseURL,
    token,
    embedded: base === undefined,
    referencePort,
    params: paramsFile ? readParams(path.resolve(cwd, paramsFile)) : {},
    negative: readSwitch(env, 'NEGATIVE_TESTS', true),
    reportsDir: path.resolve(cwd, value(env, 'REPORTS_DIR') ?? path.join(PROJECT_ROOT, 'reports')),
    ignoreHTTPSErrors: readSwitch(env, 'IGNORE_HTTPS_ERRORS', false),
    negativeSeed: value(env, 'NEGATIVE_SEED') ?? newSeed(),
    skipChecks: readSkipChecks(env),
    ...readBaseline(env, cwd, updateBaseline),
    updateBaseline,
  };
}

/** For entry points: a configuration mistake is one line on stderr and exit code 2, not a stack trace. */
export function exitOnConfigError<T>(load: () => T, errorTypes: (new (...args: never[]) => Error)[] = [ConfigError]): T {
  try {
    return load();
  } catch (error) {
    if (errorTypes.some((type) => error instanceof type)) {
      process.stderr.write(`\ngraph-doc-contracts: configuration error: ${(error as Error).message}\n\n`);
      process.exit(2);
    }
    throw error;
  }
}
