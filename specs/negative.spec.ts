/**
 * Negative contracts: requests derived from each documented example that break its page's own table
 * (wrong types, impossible dates, not JSON, no token, unknown id) must be rejected with the documented
 * error status and the Graph error shape, and must leave nothing behind.
 * Titles: `<page>#<example name> › <what was broken>`. NEGATIVE_TESTS=off skips them all.
 */
import { test } from '../fixtures/test';
import { settings, suite } from '../fixtures/suite';
import { deriveBadRequests } from '../src/negative/badRequests';
import { whyNotSendable } from '../src/replay/sendable';

for (const example of suite.examples) {
  for (const bad of deriveBadRequests(example, suite.registry)) {
    test(bad.title, async ({ replayExample, readBack, verifyPromises, schemas }) => {
      test.skip(!settings.negative, 'NEGATIVE_TESTS=off: bad input is not sent to this target');
      // Broken on purpose, but only in one place: an example already broken says nothing about the target.
      const unsendable = whyNotSendable(example, schemas);
      test.skip(unsendable !== undefined, `the example this test breaks cannot be sent as documented: ${unsendable}`);
      const exchange = await replayExample(bad, { authorize: bad.authorize, label: `send: ${bad.what}` });
      await verifyPromises(bad, exchange, await readBack(bad, exchange));
    });
  }
}
