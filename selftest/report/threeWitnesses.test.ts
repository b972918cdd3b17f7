/**
 * The seeds with the service metadata beside them (contracts/metadata: Microsoft's own, with the 2026
 * revisions that retire ipSecurityProfile), as a fresh clone runs them (METADATA=auto, the reference server's
 * $metadata): examples whose bodies the metadata refuses are skipped naming the drift, the retired operation's
 * tests carry the deprecation and fail on nothing, the summary names the metadata; a fault gets its verdict.
 */
import fs from 'node:fs';
import { expect } from '@playwright/test';
import { reportedTests, stripAnsi, suiteTest as test } from '../support/runSuite';

test('the seeds with their own metadata: enum drift skipped, ipSecurityProfile retired, verdicts on what breaks', async ({
  runner,
}, testInfo) => {
  const run = await runner.run({
    projects: ['contracts'],
    env: { METADATA: 'auto', REFERENCE_FAULTS: 'int32-as-string' },
    reportsDir: testInfo.outputPath('reports'),
  });
  const tests = reportedTests(run.reportsDir);
  const byPage = (page: string) => tests.filter((t) => t.title.startsWith(page));

  for (const page of ['create-hostsecurityprofiles.md', 'create-usersecurityprofile.md']) {
    const [skipped] = byPage(page);
    expect(skipped.status, page).toBe('skipped');
    expect(skipped.annotations.find((a) => a.type === 'skip')?.description).toMatch(
      /^the documented request body breaks the service's \$metadata, .*expected a (userAccountSecurityType|accountStatus) member .*got string "String"/,
    );
  }
  for (const retired of [...byPage('create-ipsecurityprofile.md'), ...byPage('update-ipsecurityprofile.md')]) {
    expect(retired.status, `${retired.title}: a retired operation's broken promises fail nothing`).toBe('expected');
    expect(retired.annotations.find((a) => a.type === 'retired')?.description).toMatch(
      /^ipSecurityProfile is deprecated in the service's \$metadata, removal date 2026-04-10: retired/,
    );
    // What broke is shown all the same, tagged: the fault makes countHits a string everywhere.
    expect(retired.annotations.map((a) => a.description ?? '').join('\n')).toContain(
      '  - [retired] countHits: expected Int32, got string "9"',
    );
  }
  const [domain] = byPage('create-domainsecurityprofile.md');
  expect(domain.status).toBe('unexpected');
  expect(stripAnsi(domain.errors.join('\n'))).toMatch(/^ {2}- \[service\] countHits: expected Int32, got string "9"/m);

  const summary = fs.readFileSync(`${run.reportsDir}/summary.md`, 'utf8');
  expect(summary).toMatch(/Service metadata: GET http:\/\/127\.0\.0\.1:\d+\/beta\/\$metadata \(\d+ KB, sha256 [0-9a-f]{12}\)/);
  expect(summary).toMatch(/\| service \| [1-9]/);
  expect(summary).toMatch(/\| retired \| [1-9]/);
});
