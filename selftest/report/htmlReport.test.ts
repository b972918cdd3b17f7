/**
 * The report, looked at: a failing run's HTML report opened in a real browser (Debian's chromium,
 * headless, through Playwright's executablePath; no browser is downloaded). The coverage comes first (the
 * report's title, set by the summary reporter as the run ends), and a failing test must show its steps,
 * the broken promise, the HTTP attachments (and the curl command, where the run attaches one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect } from '@playwright/test';
import { suiteTest as test } from '../support/runSuite';

const CHROMIUM = '/usr/bin/chromium';
const CREATE = 'create-ipsecurityprofile.md#create_ipsecurityprofile_from_';

test('a failing test in the HTML report shows its steps, the broken promise and the attachments', async ({ runner }, testInfo) => {
  test.skip(!fs.existsSync(CHROMIUM), `${CHROMIUM} is not installed (Debian: apt-get install chromium); the HTML report is not looked at`);
  const run = await runner.run({
    projects: ['contracts'],
    env: { REFERENCE_FAULTS: 'int32-as-string' },
    args: ['--grep', 'create-ipsecurityprofile'],
    reportsDir: testInfo.outputPath('reports'),
  });
  expect(run.failed, run.output).toBe(1);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    // The report is one self-contained page: it opens from the file, no server needed.
    const report = pathToFileURL(path.join(run.reportsDir, 'html', 'index.html')).href;
    await page.goto(report);
    // What the run proves, before what broke: the title above the list of tests.
    const title = page.locator('.header-title');
    await expect(title).toHaveText(/^Coverage: contracts 1 of 1 examples sent · 0 of \d+ documented requests without an example$/);
    const testRow = page.getByText(CREATE).first();
    expect((await title.boundingBox())!.y).toBeLessThan((await testRow.boundingBox())!.y);
    // The run's metadata carries it too (Playwright 1.65 lists metadata other than git's on `#?show-metadata-other`).
    await page.goto(`${report}#?show-metadata-other`);
    await page.getByRole('button', { name: 'Metadata' }).click();
    await expect(
      page.getByText(/^coverage: documented: \d+ documented requests .*contracts: 1 of 1 examples sent \(100 %\)/),
    ).toBeVisible();
    await expect(page.getByText('verdicts: docs 0 · metadata 0 · service 0 · retired 0 · no verdict 2')).toBeVisible();
    await page.goto(report);
    await page.getByText(CREATE).first().click();

    for (const step of [
      'replay: POST /beta/Security/ipSecurityProfiles',
      'status: 201 Created',
      'content-type: application/json',
      'schema: ipSecurityProfile',
      'echo: sent values come back',
    ]) {
      await expect(page.getByText(step, { exact: false }).first(), `step "${step}"`).toBeVisible();
    }
    await expect(page.getByText('check `schema` failed:').first()).toBeVisible();
    await expect(page.getByText('countHits: expected Int32, got string "9"').first()).toBeVisible();

    const request = page.getByText('replay: POST /beta/Security/ipSecurityProfiles: request', { exact: true });
    await expect(request).toBeVisible();
    await expect(page.getByText('replay: POST /beta/Security/ipSecurityProfiles: response', { exact: true })).toBeVisible();
    // An attachment opens to the HTTP message, the token redacted.
    await request.click();
    await expect(page.getByText('Authorization: Bearer <redacted>').first()).toBeVisible();
    const curl = page.getByText(/: curl$/);
    if (await curl.count()) await expect(curl.first()).toBeVisible();
  } finally {
    await browser.close();
  }
});
