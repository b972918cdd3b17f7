/**
 * Folders of generated pages (written to the test's output folder): the seed pages plus pages a
 * folder may hold by accident or malice (the 50,000-level page: selftest/cli). Each bad page is named (a skipped test and/or a finding);
 * every other page is still tested; negative requests grow linearly with a page's table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { buildSuite, loadContracts, readPage } from '../../src/contracts/loadContracts';
import { deriveBadRequests } from '../../src/negative/badRequests';
import type { Page } from '../../src/docs/model';
import { copySeeds, wideTablePage } from '../support/generatedPages';

test('negative requests grow linearly with a 5,000-row table and build no body until one is sent', ({}, testInfo) => {
  const dir = testInfo.outputPath('pages');
  fs.mkdirSync(dir, { recursive: true });
  const counts = [1_000, 5_000].map((rows) => {
    fs.writeFileSync(path.join(dir, 'wide.md'), wideTablePage(rows));
    const suite = loadContracts(dir);
    const bad = suite.examples.flatMap((example) => deriveBadRequests(example, suite.registry));
    // Listing reads titles only: every body stays unbuilt (n bodies of n properties each made listing quadratic).
    const described = Object.getOwnPropertyDescriptor(bad[0].body!, 'text');
    expect(typeof described?.get).toBe('function');
    return bad.length;
  });
  // One bad value per String row, plus "body is not JSON" and "no Authorization header".
  expect(counts).toEqual([1_002, 5_002]);
  const suite = loadContracts(dir);
  const [first] = deriveBadRequests(suite.examples[0], suite.registry);
  expect(first.what).toBe('p0: String as a number');
  expect(JSON.parse(first.body!.text)).toMatchObject({ p0: 42, p1: expect.stringMatching(/^gdc-negative-/) });
  expect(first.body!.value).toBe(first.body!.value);
});

test.describe('files named *.md that are not pages', () => {
  test.skip(process.platform === 'win32', 'symbolic links need privileges on Windows');

  test('binary content, invalid UTF-8, a link loop and a dangling link are each named; the seeds are tested', ({}, testInfo) => {
    const dir = testInfo.outputPath('pages');
    const seeds = copySeeds(dir);
    fs.writeFileSync(path.join(dir, 'x.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    fs.writeFileSync(path.join(dir, 'latin1.md'), Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    fs.symlinkSync('loop.md', path.join(dir, 'loop.md'));
    fs.symlinkSync('nowhere.md', path.join(dir, 'dangling.md'));

    const suite = loadContracts(dir);
    expect(suite.examples.map((example) => example.page.file).sort()).toEqual(seeds.sort());
    expect(Object.fromEntries(suite.emptyPages.map(({ page, reason }) => [page.file, reason]))).toEqual({
      'dangling.md': 'cannot read page: it is a dangling symbolic link (to nowhere.md)',
      // Read (with U+FFFD), and reported like any page with nothing to test.
      'latin1.md': 'the page has no HTTP request template and no request example',
      'loop.md': 'cannot read page: it is a symbolic link that loops (ELOOP)',
      'x.md': 'not a text page: binary content (NUL bytes)',
    });
    const latin1 = suite.pages.find((page) => page.file === 'latin1.md')!;
    expect(latin1.findings).toEqual([
      { page: 'latin1.md', kind: 'page-file', message: 'not valid UTF-8 at byte 5: read with U+FFFD in place of the invalid bytes' },
    ]);
    expect(latin1.title).toBe('Caf\ufffd');
    for (const file of ['x.md', 'loop.md', 'dangling.md']) {
      expect(suite.pages.find((page) => page.file === file)!.findings.map((finding) => finding.kind)).toEqual(['page-file']);
    }
  });
});

test('a page a build step throws on becomes a skipped test with a parser-error finding; the others are built', () => {
  const good = readPage('contracts', 'create-ipsecurityprofile.md');
  // Pairs no parser makes, as a model bug would: one the type registry throws on, one only the example builder does.
  const inferring: Page = {
    ...readPage('contracts', 'update-ipsecurityprofile.md'),
    examples: [{ name: 'broken', request: undefined as never }],
  };
  const building: Page = {
    ...readPage('contracts', 'create-usersecurityprofile.md'),
    examples: [{ name: 'broken', request: { ignored: true } as never }],
  };
  const suite = buildSuite('contracts', [good, inferring, building]);
  expect(suite.examples.map((example) => example.title)).toEqual(['create-ipsecurityprofile.md#create_ipsecurityprofile_from_']);
  expect(suite.emptyPages).toEqual([
    {
      page: inferring,
      reason: expect.stringMatching(/^inferring types from the examples failed on this page: Cannot read properties of undefined/),
    },
    { page: building, reason: expect.stringMatching(/^building its examples failed on this page: /) },
  ]);
  for (const page of [inferring, building]) expect(page.findings.filter((finding) => finding.kind === 'parser-error')).toHaveLength(1);
});
