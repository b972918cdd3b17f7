/**
 * Starts the embedded reference server (Playwright's `webServer` does this when BASE_URL is unset).
 *   REFERENCE_PORT        port (default 4010; `npx playwright test` picks a free one per run when unset)
 *   REFERENCE_NONCE       returned by GET /health, so a run can prove the server on its port is its own
 *   CONTRACTS_DIR         pages to build it from (default contracts/)
 *   REFERENCE_FAULTS      comma-separated faults to switch on (server/faults.ts), for self-tests
 *   REFERENCE_TOLERANCES  comma-separated tolerances to switch on (server/tolerances.ts)
 *   REFERENCE_SWITCH_HEADER  1: a request may add faults and tolerances for itself, named in its header
 *                         `x-reference-switches: <names>` (comma-separated); each distinct choice keeps its own
 *                         stored resources, as a server of its own would; an unknown name is a 400
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
 * Settings are read by src/config.ts (loadReferenceSettings). A mistake in them, an unknown switch name or
 * a taken port is one line and exit code 2; anything else that stops the start is a bug, reported as one
 * (exit code 3, with its stack). The server exits on SIGTERM/SIGINT and when the process that started it
 * goes away (its parent changes, or the stdin pipe it was given closes).
 */
import fs from 'node:fs';
import { ConfigError, exitOnConfigError, loadReferenceSettings, REFERENCE_BASE_PATH } from '../src/config';
import { ContractsError, loadContracts } from '../src/contracts/loadContracts';
import { CONDITIONS } from './conditions';
import { FAULTS } from './faults';
import { createReferenceServer } from './referenceServer';
import { folderMetadataDocument } from './serviceMetadata';
import { pickSwitches, unknownSwitchesMessage } from './switches';
import { TOLERANCES } from './tolerances';

/** The entries a setting names; a name none has is the user's mistake. */
function named<T extends { name: string }>(variable: string, names: readonly string[], known: readonly T[]): T[] {
  const { picked, unknown } = pickSwitches(names, known);
  if (unknown.length) throw new ConfigError(unknownSwitchesMessage(variable, unknown, known));
  return picked;
}

function start() {
  const settings = loadReferenceSettings();
  const switches = [
    ...named('REFERENCE_FAULTS', settings.faults, FAULTS),
    ...named('REFERENCE_TOLERANCES', settings.tolerances, TOLERANCES),
  ];
  const conditions = named('REFERENCE_CONDITIONS', settings.conditions, CONDITIONS);
  const suite = loadContracts(settings.contractsDir);
  const server = createReferenceServer({
    suite,
    metadata: folderMetadataDocument(settings.contractsDir, suite),
    basePath: REFERENCE_BASE_PATH,
    switches,
    ...(settings.switchHeader && { switchesByHeader: [...FAULTS, ...TOLERANCES] }),
    conditions,
    conditionSettings: settings.conditionSettings,
    nonce: settings.nonce,
  });
  return { settings, server, on: [...switches, ...conditions].map((entry) => entry.name) };
}

/** A configuration mistake is one line and exit code 2; anything else is a bug, and says so (exit code 3, its stack). */
function startOrExit(): ReturnType<typeof start> {
  try {
    return exitOnConfigError(start, [ConfigError, ContractsError]);
  } catch (error) {
    process.stderr.write(`reference server: internal error, a bug to report: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(3);
  }
}

const { settings, server, on } = startOrExit();
const address = `127.0.0.1:${settings.port}`;

server.on('error', (error: NodeJS.ErrnoException) => {
  const why =
    error.code === 'EADDRINUSE'
      ? `port ${settings.port} is taken (another run's server?); unset REFERENCE_PORT to get a free port, or choose another`
      : `cannot listen on ${address}: ${error.code ?? error.message}`;
  process.stderr.write(`reference server: ${why}\n`);
  process.exit(2);
});

server.listen(settings.port, '127.0.0.1', () => {
  const header = settings.switchHeader ? '; switches per request in x-reference-switches' : '';
  process.stdout.write(
    `reference server: http://${address}${REFERENCE_BASE_PATH} from ${settings.contractsDir}${on.length ? ` with ${on.join(', ')}` : ''}${header}\n`,
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
