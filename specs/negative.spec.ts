/**
 * Negative contracts: requests derived from each documented example that break its page's own table
 * (wrong types, impossible dates, not JSON, no token, unknown id) must be rejected with the documented
 * error status and the Graph error shape, and must leave nothing behind.
 * Titles: `<page>#<example name> › <what was broken>`, from the suite cache's negative index; the bad
 * request itself is derived when its test runs. NEGATIVE_TESTS=off skips them all.
 */
import { test } from '../fixtures/test';
import { settings, suite } from '../fixtures/suite';
import { badRequest, negativeTests } from '../src/negative/negativeIndex';

for (const entry of negativeTests(suite)) {
  test(entry.title, async ({ replayExample, verifyPromises }) => {
    const bad = badRequest(suite, entry, settings.negativeSeed);
    await verifyPromises(bad, await replayExample(bad));
  });
}
