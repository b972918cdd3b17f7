/**
 * The child run of the self-test matrix: the project's own configuration (`playwright.config.ts`: the
 * embedded reference server, global setup, reporters, settings), with one project whose tests are the
 * suite's own tests once per switch (switches.spec.ts). One runner, one reference server and a couple of
 * workers for every switch, instead of a process of each per switch. A switch with settings of its own (a
 * token of another kind) is a project of its own: settings are a worker option.
 */
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import project from '../../../playwright.config';
import { loadSettings, type Settings } from '../../../src/config';
import { MATRIX_SWITCHES } from '../switches';

type WebServer = Extract<PlaywrightTestConfig['webServer'], { command: string }>;
const server = project.webServer as WebServer | undefined;
const exactly = (title: string) => new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`);
const ownSettings = MATRIX_SWITCHES.filter((which) => which.settings);

export default defineConfig<object, { settings: Settings }>({
  ...(project as PlaywrightTestConfig<object, { settings: Settings }>),
  // The requests choose their switches (`x-reference-switches`): each switch value is a server of its own.
  webServer: server && { ...server, env: { ...server.env, REFERENCE_SWITCH_HEADER: '1' } },
  workers: Number(process.env.MATRIX_CHILD_WORKERS) || 2,
  projects: [
    { name: 'matrix', testDir: __dirname, testMatch: 'switches.spec.ts', grepInvert: ownSettings.map((which) => exactly(which.title)) },
    ...ownSettings.map((which) => ({
      name: `matrix: ${which.title}`,
      testDir: __dirname,
      testMatch: 'switches.spec.ts',
      grep: exactly(which.title),
      use: { settings: { ...loadSettings(), ...which.settings } },
    })),
  ],
});
