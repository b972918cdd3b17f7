/**
 * Starts the embedded reference server (Playwright's `webServer` does this when BASE_URL is unset).
 *   REFERENCE_PORT        port (default 4010; `npx playwright test` picks a free one per run when unset)
 *   REFERENCE_NONCE       returned by GET /health, so a run can prove the server on its port is its own
 *   CONTRACTS_DIR         pages to build it from (default contracts/)
 *   REFERENCE_FAULTS      comma-separated faults to switch on (server/faults.ts), for self-tests
 *   REFERENCE_TOLERANCES  comma-separated tolerances to switch on (server/tolerances.ts)
 *   REFERENCE_CONDITIONS  comma-separated conditions (server/conditions.ts), targets for testing the client:
 *     oauth               POST /oauth2/v2.0/token (form-encoded client credentials: client_id reference-client,
 *                         client_secret reference-secret, scope) issues tokens; API requests accept only those,
 *                         for REFERENCE_TOKEN_TTL_MS (default 3600000; expired: 401 InvalidAuthenticationToken
 *                         with WWW-Authenticate: Bearer error="invalid_token"); expires_in = ceil(ttl / 1000)
 *     throttle-once       the first request to each method + path: 429 TooManyRequests, Retry-After: 1
 *     unavailable-once    the first request to each method + path: 503 ServiceUnavailable, Retry-After: HTTP date
 *     always-throttle     every API request: 429 TooManyRequests, Retry-After: 1
 *     slow                every API response waits REFERENCE_DELAY_MS (default 300)
 *     hang                API requests are never answered (the socket stays open; /health and GET /beta answer)
 *     stall-body          API responses send their headers, then never the body
 *     reflect-token       the Authorization header comes back in `x-echo-authorization`, as
 *                         `echoedAuthorization` in resources and inside error messages
 *     foreign-next-link   collection responses carry `@odata.nextLink` to http://127.0.0.2:<port>/beta/…
 *     stateful-leftovers  GET /__reference/resources (no token) lists every stored resource's URL
 *     async-create        creates answer 202 Accepted, no body, Location: the new resource's URL
 *     huge-bodies         every JSON body padded to REFERENCE_BODY_BYTES (default 50 MiB)
 * A taken port is one line and exit code 2. The server exits on SIGTERM/SIGINT and when the process
 * that started it goes away (its parent changes, or the stdin pipe it was given closes).
 */
import fs from 'node:fs';
import { ConfigError, exitOnConfigError, loadSettings, REFERENCE_BASE_PATH } from '../src/config';
import { ContractsError, loadContracts } from '../src/contracts/loadContracts';
import { CONDITIONS, DEFAULT_BODY_BYTES, DEFAULT_DELAY_MS, DEFAULT_TOKEN_TTL_MS } from './conditions';
import { FAULTS } from './faults';
import { createReferenceServer } from './referenceServer';
import { parseSwitchList } from './switches';
import { TOLERANCES } from './tolerances';

class SwitchError extends Error {}

function readWhole(name: string, fallback: number, unit: string): number {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text)) throw new SwitchError(`${name} must be a whole number of ${unit}, got "${text}"`);
  return Number(text);
}

const { settings, suite, switches, conditions, conditionSettings } = exitOnConfigError(() => {
  // The server is the target only when BASE_URL is unset; ignore a BASE_URL meant for the suite.
  const settings = loadSettings({ ...process.env, BASE_URL: undefined });
  const suite = loadContracts(settings.contractsDir);
  try {
    const switches = [
      ...parseSwitchList(process.env.REFERENCE_FAULTS, FAULTS, 'REFERENCE_FAULTS'),
      ...parseSwitchList(process.env.REFERENCE_TOLERANCES, TOLERANCES, 'REFERENCE_TOLERANCES'),
    ];
    const conditions = parseSwitchList(process.env.REFERENCE_CONDITIONS, CONDITIONS, 'REFERENCE_CONDITIONS');
    const conditionSettings = {
      tokenTtlMs: readWhole('REFERENCE_TOKEN_TTL_MS', DEFAULT_TOKEN_TTL_MS, 'milliseconds'),
      delayMs: readWhole('REFERENCE_DELAY_MS', DEFAULT_DELAY_MS, 'milliseconds'),
      bodyBytes: readWhole('REFERENCE_BODY_BYTES', DEFAULT_BODY_BYTES, 'bytes'),
    };
    return { settings, suite, switches, conditions, conditionSettings };
  } catch (error) {
    throw new SwitchError((error as Error).message);
  }
}, [ConfigError, ContractsError, SwitchError]);

const nonce = process.env.REFERENCE_NONCE?.trim() || undefined;
const server = createReferenceServer({ suite, basePath: REFERENCE_BASE_PATH, switches, conditions, conditionSettings, nonce });
const address = `127.0.0.1:${settings.referencePort}`;

server.on('error', (error: NodeJS.ErrnoException) => {
  const why =
    error.code === 'EADDRINUSE'
      ? `port ${settings.referencePort} is taken (another run's server?); unset REFERENCE_PORT to get a free port, or choose another`
      : `cannot listen on ${address}: ${error.code ?? error.message}`;
  process.stderr.write(`reference server: ${why}\n`);
  process.exit(2);
});

server.listen(settings.referencePort, '127.0.0.1', () => {
  const on = [...switches, ...conditions].map((entry) => entry.name).join(', ');
  process.stdout.write(
    `reference server: http://${address}${REFERENCE_BASE_PATH} from ${settings.contractsDir}${on ? ` with ${on}` : ''}\n`,
  );
});

/** Stops at once: hanging and stalled responses (conditions) must not keep the port. */
function stop(): never {
  server.closeAllConnections();
  server.close();
  process.exit(0);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);

// No orphan stays listening: when the process that started the server is gone, the server goes too.
// The parent changes when it dies; a stdin pipe (Playwright's webServer gives one, a socket pair) ends when
// its writer dies, also through the `sh -c` between them, which outlives the runner.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop(), 1000).unref();
const stdin = fs.fstatSync(0);
if (stdin.isFIFO() || stdin.isSocket()) {
  process.stdin.on('end', stop);
  process.stdin.resume();
}
