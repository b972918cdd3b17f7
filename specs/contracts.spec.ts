/**
 * One test per documented example: replay the request against the target, then hold the response to
 * every promise the page makes (one step per check). Titles: `<page>#<example name>`.
 */
import { test } from '../fixtures/test';
import { suite } from '../fixtures/suite';
import { whyNotSendable } from '../src/replay/sendable';

for (const example of suite.examples) {
  const findings = example.findings.map((finding) => ({ type: 'document finding', description: finding.message }));
  test(example.title, { annotation: findings }, async ({ replayExample, verifyPromises, schemas }) => {
    const unsendable = whyNotSendable(example, schemas);
    test.skip(unsendable !== undefined, unsendable);
    const exchange = await replayExample(example);
    await verifyPromises(example, exchange);
  });
}

for (const { page, reason } of suite.emptyPages) {
  test(page.file, () => test.skip(true, reason));
}
