/** The run summary's words (src/report/summary.ts): what a person reads first in the morning. */
import { expect, test } from '@playwright/test';
import { summaryConsole, summaryMarkdown, type RunFacts } from '../../src/report/summary';

const facts = (changes: Partial<RunFacts> = {}): RunFacts => ({
  status: 'failed',
  counts: { passed: 3, failed: 1, flaky: 0, skipped: 1 },
  broken: [
    {
      test: 'create-x.md#create',
      check: 'schema',
      violation: { path: '/countHits', expected: 'Int32', actual: 'string "9"' },
      known: false,
    },
  ],
  stale: [],
  skipped: new Map([['blocked: cannot obtain {xId}', ['update-x.md#update']]]),
  leftBehind: [],
  ...changes,
});

test('the console summary names every resource left behind, so someone can delete it', () => {
  const text = summaryConsole(
    facts({ leftBehind: [{ test: 'create-x.md#create', resource: 'https://h/beta/x/1 (delete answered 500)' }] }),
    'reports/summary.md',
  );
  expect(text.split('\n')[0]).toBe(
    'Summary: 3 passed, 1 failed, 0 flaky, 1 skipped; broken promises: 1 new, 0 known; stale known deviations: 0; resources left behind: 1',
  );
  expect(text).toContain('  left behind: https://h/beta/x/1 (delete answered 500)');
  expect(text).toContain('  new broken promises: create-x.md: schema (1)');
});

test('summary.md: the counts first, then the broken promise in words, the skip reasons and the left-behind list', () => {
  const markdown = summaryMarkdown(facts());
  expect(markdown).toContain('countHits: expected Int32, got string "9"');
  expect(markdown).toContain('blocked: cannot obtain {xId}');
  expect(markdown).toContain('## Resources left behind');
});
