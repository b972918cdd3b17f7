/**
 * Negative contracts: requests derived from each documented example that break its page's own table
 * (wrong types, impossible dates, not JSON, no token, unknown id) must be rejected with the documented
 * error status and the Graph error shape, and must leave nothing behind.
 * Titles: `<page>#<example name> › <what was broken>`, from the suite cache's negative index; the bad
 * request itself is derived when its test runs. NEGATIVE_TESTS=off skips them all. Declared by the spec
 * files of `specs/negative/`, each its part of the pages (parts.ts).
 */
import type { TestInfo } from '@playwright/test';
import { test, type SuiteFixtures } from '../fixtures/test';
import { settings, suite } from '../fixtures/suite';
import { badRequest, negativeTests } from '../src/negative/negativeIndex';
import { itemsOfPart } from './parts';

const tests = negativeTests(suite);
/** Each test's entry, by its title (unique: Playwright refuses a file with two tests of one title). */
const entryOf = new Map(tests.map((entry) => [entry.title, entry]));

/** The body of every test: one function, read once by Playwright for its fixtures (see contracts.ts). */
async function sendBadRequest({ replayExample, verifyPromises }: SuiteFixtures, testInfo: TestInfo): Promise<void> {
  const bad = badRequest(suite, entryOf.get(testInfo.title)!, settings.negativeSeed);
  await verifyPromises(bad, await replayExample(bad));
}

/** Declares the tests of one part of the pages. */
export function declareNegative(part: number): void {
  for (const { title } of itemsOfPart(tests, (entry) => entry.title, part)) test(title, sendBadRequest);
}
