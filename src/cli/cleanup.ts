/**
 * `npm run cleanup -- <results.json> [more.json…] [--dry-run]`: deletes what an earlier run reported as
 * `left behind` (a resource a test made and could not delete), on BASE_URL with the run's token settings
 * (`.env` read like the suite reads it), and prints what it did, one line per resource.
 *
 * Exit codes: 0 when every resource listed is gone (deleted now, or already gone: 404); 1 when some could
 * not be deleted (each named); 2 for a usage or configuration error (one line, no stack).
 */
import fs from 'node:fs';
import { ConfigError, exitOnConfigError, loadEnvFile, loadSettings, stopRun } from '../config';
import { isObject } from '../core/json';
import { LEFT_BEHIND_ANNOTATION } from '../report/checkResults';
import { Session } from '../replay/session';

const USAGE = `usage: npm run cleanup -- <results.json> [more.json ...] [--dry-run]

  results.json  a run's JSON report (REPORTS_DIR/results.json): every resource it reports "left behind" is deleted
  --dry-run     list what would be deleted, delete nothing

BASE_URL and the token settings (API_TOKEN, OAUTH_*, API_TOKEN_COMMAND) are read as for the suite.
exit codes: 0 all gone; 1 some could not be deleted; 2 usage or configuration error`;

/** Where a `left behind` annotation's resource is: its description is `<url> (delete answered 500)`. */
const urlOf = (description: string) => description.replace(/ \(delete [\s\S]*\)$/, '').trim();

/** Every resource a Playwright JSON report says was left behind, each once, in report order. */
export function leftBehind(report: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      if (value.type === LEFT_BEHIND_ANNOTATION && typeof value.description === 'string') found.add(urlOf(value.description));
      // Annotations sit on tests and on their results; attachments and errors hold none.
      for (const key of ['specs', 'tests', 'annotations', 'results', 'suites']) if (key in value) visit(value[key]);
    }
  };
  visit(report);
  return [...found].filter(Boolean);
}

function readReport(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`${file} is not a JSON report (results.json, written by the suite's json reporter)`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const files = argv.filter((arg) => arg !== '--dry-run');
  if (argv.some((arg) => arg === '--help' || arg === '-h')) return (console.log(USAGE), 0);
  const unknown = files.find((arg) => arg.startsWith('-'));
  if (unknown || !files.length) stopRun(`${unknown ? `unknown option ${unknown}` : 'name the JSON report of a run'}\n\n${USAGE}`);
  loadEnvFile();
  const { settings, urls } = exitOnConfigError(() => {
    const settings = loadSettings();
    if (settings.embedded)
      throw new ConfigError('BASE_URL is not set: the embedded reference server of a past run is gone; set BASE_URL to the deployment');
    return { settings, urls: [...new Set(files.flatMap((file) => leftBehind(readReport(file))))] };
  });
  if (!urls.length) return (console.log(`nothing left behind in ${files.join(', ')}`), 0);
  const session = Session.fromSettings(settings);
  let failed = 0;
  for (const url of urls) {
    if (!session.sameOrigin(url)) {
      failed++;
      console.log(`not deleted: ${url} is outside BASE_URL's origin (${session.origin}): the token goes nowhere else`);
      continue;
    }
    if (dryRun) {
      console.log(`would delete: ${url}`);
      continue;
    }
    const outcome = await session
      .exchange(session.prepare({ method: 'DELETE', url, headers: {}, authorize: true }), { step: (_title, body) => body() })
      .then(
        ({ status, statusText }) =>
          status < 300 ? 'deleted' : status === 404 ? 'already gone (404)' : `not deleted: answered ${status} ${statusText}`.trim(),
        (error: unknown) => `not deleted: ${error instanceof Error ? error.message : String(error)}`,
      );
    if (outcome.startsWith('not deleted')) failed++;
    console.log(session.redact(`${outcome}: ${url}`));
  }
  console.log(`${urls.length - failed} of ${urls.length} gone${failed ? `; ${failed} still there` : ''}`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`cleanup: internal error (a bug to report): ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(3);
    },
  );
}
