/**
 * One test per documented example: replay the request against the target, then hold the response to
 * every promise the page makes (one step per check). Titles: `<page>#<example name>`. Titles and
 * findings come from the suite's index; the example itself is built when its test runs. Declared by the
 * spec files of `specs/contracts/`, each its part of the pages (parts.ts).
 */
import type { TestInfo } from '@playwright/test';
import { test, type SuiteFixtures } from '../fixtures/test';
import { suite } from '../fixtures/suite';
import { itemsOfPart } from './parts';

/** Each test's example, by its title (unique: Playwright refuses a file with two tests of one title). */
const exampleOf = new Map(suite.tests.map(({ title }, index) => [title, index]));

/**
 * The body of every test. One function, not a closure per test: Playwright reads a test function's
 * source to find the fixtures it asks for, once per function, and 2,459 closures were read when listing.
 */
async function replayDocumented({ replayExample, verifyPromises }: SuiteFixtures, testInfo: TestInfo): Promise<void> {
  const example = suite.example(exampleOf.get(testInfo.title)!); // built once, then memoised
  await verifyPromises(example, await replayExample(example));
}

/** The details of a test without findings: Playwright validates what it is given, per test, in every worker. */
const NO_DETAILS = {};

/** Declares the tests of one part of the pages. */
export function declareContracts(part: number): void {
  for (const { title, findings } of itemsOfPart(suite.tests, (entry) => entry.title, part)) {
    const details = findings.length
      ? { annotation: findings.map((finding) => ({ type: 'document finding', description: finding.message })) }
      : NO_DETAILS;
    test(title, details, replayDocumented);
  }
  for (const { file, reason } of itemsOfPart(suite.emptyPages, (page) => page.file, part)) test(file, () => test.skip(true, reason));
}
