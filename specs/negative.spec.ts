/**
 * Negative contracts: requests derived from each documented example that break its page's own table
 * (wrong types, impossible dates, not JSON, no token, unknown id) must be rejected with the documented
 * error status and the Graph error shape, and must leave nothing behind.
 * Titles: `<page>#<example name> › <what was broken>`, from the suite cache's negative index; the bad
 * request itself is derived when its test runs. NEGATIVE_TESTS=off skips them all.
 */
import type { TestInfo } from '@playwright/test';
import { test, type SuiteFixtures } from '../fixtures/test';
import { settings, suite } from '../fixtures/suite';
import { badRequest, negativeTests } from '../src/negative/negativeIndex';

const tests = negativeTests(suite);
/** Each test's entry, by its title (unique: Playwright refuses a file with two tests of one title). */
const entryOf = new Map(tests.map((entry) => [entry.title, entry]));

/** The body of every test: one function, read once by Playwright for its fixtures (see contracts.spec.ts). */
async function sendBadRequest({ replayExample, verifyPromises }: SuiteFixtures, testInfo: TestInfo): Promise<void> {
  const bad = badRequest(suite, entryOf.get(testInfo.title)!, settings.negativeSeed);
  await verifyPromises(bad, await replayExample(bad));
}

for (const { title } of tests) test(title, sendBadRequest);
