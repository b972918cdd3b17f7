/**
 * The summary stays under GitHub's 1 MiB for a job summary however big the run (issue 18: the whole beta
 * reference wrote a 2.3 MB, 20,851-line summary.md and 110,000 console lines), opens with the same
 * overview, and points to the full lists; the console stays a screenful.
 */
import { expect, test } from '@playwright/test';
import { SUMMARY_LIMIT_BYTES, summaryConsole, summaryMarkdown } from '../../src/report/summary';
import type { TestEntry } from '../../src/report/coverage';
import { broken, facts, kept, sent, skipped, violation } from './summaryFacts';

/** 5,000 failing examples over 1,000 pages, each breaking three promises, with long values; plus skips and leftovers. */
function bigRun(): TestEntry[] {
  const tests: TestEntry[] = [];
  for (let i = 0; i < 5_000; i++) {
    const page = `api/some-rather-long-page-name-${i % 1_000}.md`;
    tests.push({
      ...sent(
        `${page}#example_number_${i}_with_a_long_name`,
        [
          ...kept('status', 'content-type'),
          broken(
            'schema',
            violation(
              `/value/${i % 7}/riskLevel`,
              'a riskLevel member (low, medium, high, hidden, none, unknownFutureValue)',
              `string "${['Low', 'High', 'None'][i % 3]}"`,
              { type: 'userAccount' },
            ),
            violation(`/value/${i % 7}/countHits`, 'Int32', `${2147483648 + i}`),
            violation(`/value/${i % 7}/description`, 'String', `object {"a": "${'x'.repeat(2_000)}"}`),
          ),
        ],
        { write: i % 2 === 0 },
      ),
      ...(i % 49 === 0 ? { leftBehind: [`https://graph.example/beta/things/${i} (delete answered 500)`] } : {}),
    });
  }
  for (let i = 0; i < 3_000; i++)
    tests.push(skipped(`api/skipped-${i % 500}.md#ex_${i}`, i % 2 ? 'placeholder' : 'permissions', `no value for {thing${i}Id}`));
  return tests;
}

test('5,000 failing examples: summary.md under 1 MiB, opening with the overview, the cut said and the full lists named', () => {
  const started = Date.now();
  const run = facts(bigRun(), {
    fullReports: ['reports/results.json', 'the HTML report (npx playwright show-report reports/html)', 'reports/junit.xml'],
  });
  const markdown = summaryMarkdown(run);
  const took = Date.now() - started;
  const bytes = Buffer.byteLength(markdown);
  expect(bytes).toBeLessThan(SUMMARY_LIMIT_BYTES);
  expect(bytes).toBeLessThan(1024 * 1024);
  // Most of the budget goes to the detail: the limit is used, not feared.
  expect(bytes).toBeGreaterThan(SUMMARY_LIMIT_BYTES * 0.8);
  expect(markdown.startsWith('# Contract test summary\n\n**FAILED**: 0 passed, 5000 failed, 0 flaky, 3000 skipped;')).toBe(true);
  // The three differences, one row each, for 15,000 broken promises.
  expect(markdown).toContain('### Broken promises by difference (3 distinct, from 15,000 broken promises)');
  expect(markdown).toContain('| 5,000 | schema |  | userAccount.riskLevel: expected a riskLevel member');
  expect(markdown).toMatch(
    /\| 5,000 \| schema \| {2}\| value\[\]\.countHits: expected Int32, got N \(5,000 values, e\.g\. 2147483648; 2147483649; 2147483650\)/,
  );
  expect(markdown).toMatch(
    /… [\d,]+ more broken promises \(of 15,000\) are not listed here, to keep this file under GitHub's 1 MiB: they are in reports\/results\.json/,
  );
  expect(markdown).toContain('… and 480 more pages with examples not sent');
  expect(markdown).toContain('… and 3 more resources');
  expect(markdown).toContain('## The full lists');
  // A long value is cut in its cell: no line is a megabyte.
  expect(Math.max(...markdown.split('\n').map((line) => line.length))).toBeLessThan(2_000);
  report(took);
});

/** Reported, not asserted: the machine is shared. */
function report(took: number) {
  test.info().annotations.push({ type: 'measured', description: `summaryMarkdown of 8,000 tests / 15,000 broken promises: ${took} ms` });
}

test('the console ends with a screenful whatever the run', () => {
  const text = summaryConsole(facts(bigRun()), 'reports/summary.md');
  const lines = text.split('\n');
  expect(lines.length).toBeLessThan(30);
  expect(lines).toContain('  … and 93 more left behind (listed in reports/summary.md)');
  expect(lines.at(-1)).toBe('  details: reports/summary.md');
});

test('the last guard: a limit no section fits in still cuts at a line end and says where the rest is', () => {
  const markdown = summaryMarkdown(facts(bigRun()), 20_000);
  expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(20_000);
  expect(markdown.endsWith('… cut here to stay under 20,000 bytes: see the HTML, JSON and JUnit reports.\n')).toBe(true);
});
