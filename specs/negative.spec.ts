/**
 * Negative contracts: requests derived from each documented example that break its page's own table
 * (wrong types, impossible dates, not JSON, no token, unknown id) must be rejected with the documented
 * error status and the Graph error shape, and must leave nothing behind.
 * Titles: `<page>#<example name> › <what was broken>`. NEGATIVE_TESTS=off skips them all.
 */
import { test } from '../fixtures/test';
import { settings, suite } from '../fixtures/suite';
import { deriveBadRequests } from '../src/negative/badRequests';

for (const example of suite.examples()) {
  for (const bad of deriveBadRequests(example, suite.registry, settings.negativeSeed)) {
    test(bad.title, async ({ replayExample, verifyPromises }) => {
      await verifyPromises(bad, await replayExample(bad));
    });
  }
}
