/**
 * The suite's own tests, once per matrix switch (selftest/matrix/switches.ts): a `describe` per switch
 * whose requests ask the reference server for it (`x-reference-switches`), so that each switch answers
 * as a server of its own. Test bodies and fixtures are the user's (specs/, fixtures/test.ts). Under a
 * fault a test that breaks a promise is marked expected to fail (`expectFailure`), so that it keeps its
 * worker (Playwright restarts one after every unexpected failure); what broke is read from each test's
 * `check-results`, as for any run.
 */
import type { TestInfo } from '@playwright/test';
import { test as suiteTest, type SuiteFixtures } from '../../../fixtures/test';
import { settings, suite } from '../../../fixtures/suite';
import { badRequest, negativeTests, type NegativeTest } from '../../../src/negative/negativeIndex';
import { selectedSwitches, SWITCH_HEADER } from '../switches';

/** The user's fixtures, and under a fault a broken promise expected (Playwright restarts a worker after every unexpected failure). */
const test = suiteTest.extend<{ expectFailure: boolean }>({
  expectFailure: [false, { option: true }],
  verifyPromises: async ({ verifyPromises, expectFailure }, use, testInfo) => {
    await use((contract, exchange) =>
      verifyPromises(contract, exchange).catch((error: unknown) => {
        if (expectFailure) testInfo.fail();
        throw error;
      }),
    );
  },
});

const exampleOf = new Map(suite.tests.map(({ title }, index) => [title, index]));
const negatives = negativeTests(suite);
const negativeOf = new Map(negatives.map((entry) => [entry.title, entry]));

/** The bad requests a switch's sample sends: of each example, one of each kind (a wrong value, not JSON, no token, an unknown id). */
function sample(entries: readonly NegativeTest[]): NegativeTest[] {
  const kinds = [/ › body is not JSON$/, / › no Authorization header$/, / › unknown [^›]+$/];
  const picked = new Set<NegativeTest>();
  for (const example of new Set(entries.map((entry) => entry.example))) {
    const own = entries.filter((entry) => entry.example === example);
    const wrongValue = own.find((entry) => !kinds.some((kind) => kind.test(entry.title)));
    for (const entry of [wrongValue, ...kinds.map((kind) => own.find((e) => kind.test(e.title)))]) if (entry) picked.add(entry);
  }
  return [...picked];
}

async function replayDocumented({ replayExample, verifyPromises }: SuiteFixtures, testInfo: TestInfo): Promise<void> {
  const example = suite.example(exampleOf.get(testInfo.title)!);
  await verifyPromises(example, await replayExample(example));
}

async function sendBadRequest({ replayExample, verifyPromises }: SuiteFixtures, testInfo: TestInfo): Promise<void> {
  const bad = badRequest(suite, negativeOf.get(testInfo.title)!, settings.negativeSeed);
  await verifyPromises(bad, await replayExample(bad));
}

for (const which of selectedSwitches()) {
  test.describe(which.title, () => {
    test.use({
      ...(which.switches.length ? { extraHTTPHeaders: { [SWITCH_HEADER]: which.switches.join(',') } } : {}),
      expectFailure: which.kind === 'fault',
    });
    if (which.contracts) for (const { title } of suite.tests) test(title, replayDocumented);
    const firstExample = negatives.filter((entry) => entry.example === negatives[0]?.example);
    const bad = { all: negatives, sample: sample(negatives), 'sample-one': sample(firstExample), none: [] }[which.negative];
    for (const { title } of bad) test(title, sendBadRequest);
  });
}
