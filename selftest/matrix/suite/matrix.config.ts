/**
 * The child run of the self-test matrix: the project's own configuration (`playwright.config.ts`: the
 * embedded reference server, global setup, reporters, settings), with one project whose tests are the
 * suite's own tests once per switch (switches.spec.ts). One runner, one reference server and a couple of
 * workers for every switch, instead of a process of each per switch. The page's promises are proven
 * without metadata; a switch with settings of its own (a token of another kind, metadata) is a project of
 * its own, since settings are a worker option.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import project from '../../../playwright.config';
import { loadSettings, type Settings } from '../../../src/config';
import { loadContracts } from '../../../src/contracts/loadContracts';
import { impliedCsdl } from '../../../src/impliedMetadata/impliedCsdl';
import { MATRIX_SWITCHES, type MatrixSwitch } from '../switches';

type Config = PlaywrightTestConfig<object, { settings: Settings }>;
type WebServer = Extract<PlaywrightTestConfig['webServer'], { command: string }>;
const server = project.webServer as WebServer | undefined;
const exactly = (title: string) => new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`);
const ownProject = (which: MatrixSwitch) => Boolean(which.settings || which.metadata);

const base = loadSettings();
// The seeds describe their types whole: their CSDL closes them, so an undeclared property is the metadata's to say.
const metadataDir = path.join(base.reportsDir, 'matrix-metadata');
const pagesCsdl = MATRIX_SWITCHES.some((which) => which.metadata)
  ? impliedCsdl(loadContracts(base.contractsDir), { openTypes: false })
  : '';

/** The switch's settings: its own, and the metadata it holds responses to (a file written by the runner). */
function settingsOf(which: MatrixSwitch): Settings {
  if (!which.metadata) return { ...base, metadata: { kind: 'off' }, ...which.settings };
  const file = path.join(metadataDir, `${which.title.replace(/\W+/g, '-')}.xml`);
  if (process.env.TEST_WORKER_INDEX === undefined) {
    fs.mkdirSync(metadataDir, { recursive: true });
    fs.writeFileSync(file, which.metadata.change(pagesCsdl));
  }
  return { ...base, metadata: { kind: 'sources', sources: [file] }, ...which.settings };
}

export default defineConfig<object, { settings: Settings }>({
  ...(project as Config),
  // The requests choose their switches (`x-reference-switches`): each switch value is a server of its own.
  webServer: server && { ...server, env: { ...server.env, REFERENCE_SWITCH_HEADER: '1' } },
  workers: Number(process.env.MATRIX_CHILD_WORKERS) || 2,
  projects: [
    {
      name: 'matrix',
      testDir: __dirname,
      testMatch: 'switches.spec.ts',
      grepInvert: MATRIX_SWITCHES.filter(ownProject).map((which) => exactly(which.title)),
      use: { settings: { ...base, metadata: { kind: 'off' } } },
    },
    ...MATRIX_SWITCHES.filter(ownProject).map((which) => ({
      // Not named after its title: the grep is matched against the project name too.
      name: `matrix (${which.name})`,
      testDir: __dirname,
      testMatch: 'switches.spec.ts',
      grep: exactly(which.title),
      use: { settings: settingsOf(which) },
    })),
  ],
});
