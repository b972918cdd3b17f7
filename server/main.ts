/**
 * Starts the embedded reference server (Playwright's `webServer` does this when BASE_URL is unset).
 *   REFERENCE_PORT        port (default 4010)
 *   CONTRACTS_DIR         pages to build it from (default contracts/)
 *   REFERENCE_FAULTS      comma-separated faults to switch on (server/faults.ts), for self-tests
 *   REFERENCE_TOLERANCES  comma-separated tolerances to switch on (server/tolerances.ts)
 */
import { ConfigError, exitOnConfigError, loadSettings, REFERENCE_BASE_PATH } from '../src/config';
import { ContractsError, loadContracts } from '../src/contracts/loadContracts';
import { FAULTS } from './faults';
import { createReferenceServer } from './referenceServer';
import { parseSwitchList } from './switches';
import { TOLERANCES } from './tolerances';

class SwitchError extends Error {}

const { settings, suite, switches } = exitOnConfigError(() => {
  // The server is the target only when BASE_URL is unset; ignore a BASE_URL meant for the suite.
  const settings = loadSettings({ ...process.env, BASE_URL: undefined });
  const suite = loadContracts(settings.contractsDir);
  try {
    const switches = [
      ...parseSwitchList(process.env.REFERENCE_FAULTS, FAULTS, 'REFERENCE_FAULTS'),
      ...parseSwitchList(process.env.REFERENCE_TOLERANCES, TOLERANCES, 'REFERENCE_TOLERANCES'),
    ];
    return { settings, suite, switches };
  } catch (error) {
    throw new SwitchError((error as Error).message);
  }
}, [ConfigError, ContractsError, SwitchError]);

const server = createReferenceServer({ suite, basePath: REFERENCE_BASE_PATH, switches });
server.on('error', (error: NodeJS.ErrnoException) => {
  process.stderr.write(`reference server: cannot listen on 127.0.0.1:${settings.referencePort}: ${error.code ?? error.message}\n`);
  process.exit(2);
});
server.listen(settings.referencePort, '127.0.0.1', () => {
  const on = switches.length ? ` with ${switches.map((entry) => entry.name).join(', ')}` : '';
  process.stdout.write(`reference server: http://127.0.0.1:${settings.referencePort}${REFERENCE_BASE_PATH} from ${settings.contractsDir}${on}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
