/**
 * One test per documented example: replay the request against the target, then hold the response to
 * every promise the page makes (one step per check). Titles: `<page>#<example name>`.
 */
import { test } from '../fixtures/test';
import { suite } from '../fixtures/suite';

for (const example of suite.examples) {
  const findings = example.findings.map((finding) => ({ type: 'document finding', description: finding.message }));
  test(example.title, { annotation: findings }, async ({ replayExample, verifyPromises }) => {
    await verifyPromises(example, await replayExample(example));
  });
}

for (const { page, reason } of suite.emptyPages) {
  test(page.file, () => test.skip(true, reason));
}
