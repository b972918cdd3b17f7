/**
 * One test per documented example: replay the request against the target, then hold the response to
 * every promise the page makes (one step per check). Titles: `<page>#<example name>`. Titles and
 * findings come from the suite's index; the example itself is built when its test runs.
 */
import { test } from '../fixtures/test';
import { suite } from '../fixtures/suite';

for (const [index, { title, findings }] of suite.tests.entries()) {
  const annotation = findings.map((finding) => ({ type: 'document finding', description: finding.message }));
  test(title, { annotation }, async ({ replayExample, verifyPromises }) => {
    await verifyPromises(suite.example(index), await replayExample(suite.example(index))); // built once, then memoised
  });
}

for (const { file, reason } of suite.emptyPages) {
  test(file, () => test.skip(true, reason));
}
