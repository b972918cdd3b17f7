/** The run summary's words and their order (src/report/summary.ts): what a person reads first in the morning. */
import { expect, test } from '@playwright/test';
import { summaryConsole, summaryMarkdown, summaryMetadata, summaryTitle, verdictCounts, verdictLine } from '../../src/report/summary';
import { broken, facts, kept, sent, skipped, violation } from './summaryFacts';

const run = () =>
  facts(
    [
      sent(
        'create-x.md#create',
        [...kept('status'), broken('schema', violation('/countHits', 'Int32', 'string "9"', { verdict: 'docs' }))],
        {
          method: 'POST',
          status: 201,
          write: true,
        },
      ),
      sent('get-x.md#get', kept('status', 'schema')),
      sent('get-x.md#list', kept('status', 'schema')),
      sent('get-y.md#get', kept('status', 'schema')),
      skipped('update-x.md#update', 'blocked', 'blocked: cannot obtain {xId}'),
    ],
    {
      documented: {
        operations: 6,
        withoutExample: 2,
        examples: 5,
        pages: [{ page: 'get-x.md', operations: 2, withoutExample: ['GET /x/{id}/y'] }],
      },
    },
  );

test('summary.md opens with the status line, then coverage and warnings, the verdicts, the overview; the detail after', () => {
  const markdown = summaryMarkdown(run());
  expect(markdown.split('\n').slice(0, 3)).toEqual([
    '# Contract test summary',
    '',
    '**FAILED**: 3 passed, 1 failed, 0 flaky, 1 skipped; broken promises: 1 new, 0 known; stale known deviations: 0; resources left behind: 0',
  ]);
  const order = [
    '## Coverage',
    '### Warnings',
    '## Verdicts',
    '## Overview',
    '### Per check',
    '### Per status class',
    '### Broken promises by difference',
    '## Broken promises per page',
    '## Stale known deviations',
    '## Skipped tests',
    '## Resources left behind',
    '## The full lists',
  ];
  const positions = order.map((heading) => markdown.indexOf(heading));
  expect(
    positions.every((p) => p >= 0),
    `every section: ${order.filter((_, i) => positions[i] < 0).join(', ')}`,
  ).toBe(true);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));

  expect(markdown).toContain('- documented: 6 documented requests (method + path) on 1 page, 2 with no example (on 1 page); 5 examples');
  expect(markdown).toContain(
    '- contracts: 4 of 5 examples sent (80 %): 3 passed, 1 failed; 1 not sent: blocked by a failed prerequisite 1',
  );
  expect(markdown).toContain('- ⚠ 20 % of the examples were not sent (blocked by a failed prerequisite 20 %)');
  expect(markdown).toContain('| docs | 1 | 1 |');
  expect(markdown).toContain('| no verdict | 0 | 0 |');
  expect(markdown).toContain('| schema | 3 | 1 | 0 | 0 |');
  expect(markdown).toContain('| contracts | 4 (200 ×3, 201 ×1) | 0 | 0 | 0 | 0 |');
  expect(markdown).toContain('countHits: expected Int32, got string "9"');
  expect(markdown).toContain('- blocked: cannot obtain {xId} (1 test)\n  - update-x.md#update');
  expect(markdown).toContain('- get-x.md: 1 of 2: `GET /x/{id}/y`');
});

test('the console ends with the same few lines: status, coverage, warnings, verdicts, the top differences, where the details are', () => {
  const text = summaryConsole(
    facts([...run().tests, { ...sent('z.md#z', kept('status')), leftBehind: ['https://h/beta/x/1 (delete answered 500)'] }], {
      fullReports: ['reports/results.json'],
    }),
    'reports/summary.md',
  );
  const lines = text.split('\n');
  expect(lines[0]).toBe(
    'Summary: 4 passed, 1 failed, 0 flaky, 1 skipped; broken promises: 1 new, 0 known; stale known deviations: 0; resources left behind: 1',
  );
  expect(lines).toContain('  contracts: 5 of 6 examples sent (83 %): 4 passed, 1 failed; 1 not sent: blocked by a failed prerequisite 1');
  expect(lines).toContain('  ⚠ 17 % of the examples were not sent (blocked by a failed prerequisite 17 %)');
  expect(lines).toContain('  verdicts: docs 1 · metadata 0 · service 0 · retired 0 · no verdict 0');
  expect(lines).toContain('    1 test: schema countHits: expected Int32, got string "9"');
  // Someone has to delete these by hand: each is named, not only counted.
  expect(lines).toContain('  left behind: https://h/beta/x/1 (delete answered 500)');
  expect(lines.at(-1)).toBe('  details: reports/summary.md; every test: reports/results.json');
});

test('the count per verdict: each owner sees their part; a promise without a verdict is counted as such', () => {
  const verdicts = facts([
    sent('a.md#a', [
      broken('schema', violation('/a', 'Int32', '"x"', { verdict: 'docs' }), violation('/b', 'Int32', '"x"', { verdict: 'docs' })),
    ]),
    sent('b.md#b', [broken('schema', violation('/a', 'Int32', '"x"', { verdict: 'metadata' }))]),
    sent('c.md#c', [broken('schema', violation('/a', 'Int32', '"x"', { verdict: 'service' }))]),
    sent('d.md#d', [broken('status', violation(undefined, '200', '410 Gone', { verdict: 'retired' }))]),
    sent('e.md#e', [broken('echo', violation('/a', 'x', 'y'))]),
  ]);
  const markdown = summaryMarkdown(verdicts);
  expect(markdown).toContain('| docs | 2 | 1 |');
  expect(markdown).toContain('| metadata | 1 | 1 |');
  expect(markdown).toContain('| service | 1 | 1 |');
  expect(markdown).toContain('| retired | 1 | 1 | past its RemovalDate in the metadata: not a contract failure |');
  expect(markdown).toContain('| no verdict | 1 | 1 |');
  expect(summaryTitle(verdicts)).toBe(
    'Coverage: contracts 5 of 5 examples sent · ⚠ no write was exercised (every request sent was a read)',
  );
  expect(summaryMetadata(verdicts).verdicts).toBe('docs 2 · metadata 1 · service 1 · retired 1 · no verdict 1');
  expect(verdictCounts([]).map((c) => c.promises)).toEqual([0, 0, 0, 0, 0]);
  expect(verdictLine([])).toBe('docs 0 · metadata 0 · service 0 · retired 0 · no verdict 0');
});

test('the HTML title says what the run proves and the first warning', () => {
  expect(summaryTitle(run())).toBe(
    'Coverage: contracts 4 of 5 examples sent · 2 of 6 documented requests without an example · ⚠ 20 % of the examples were not sent (blocked by a failed prerequisite 20 %)',
  );
  expect(summaryMetadata(run())).toEqual({
    coverage:
      'documented: 6 documented requests (method + path) on 1 page, 2 with no example (on 1 page); 5 examples | contracts: 4 of 5 examples sent (80 %): 3 passed, 1 failed; 1 not sent: blocked by a failed prerequisite 1',
    warnings: '20 % of the examples were not sent (blocked by a failed prerequisite 20 %)',
    verdicts: 'docs 1 · metadata 0 · service 0 · retired 0 · no verdict 0',
  });
});

test('known deviations are listed with their reason and do not count as failing; stale ones keep their line', () => {
  const known = facts([sent('a.md#a', [broken('schema', violation('/n', 'Int32', '"9"', { known: true }))], { outcome: 'passed' })], {
    knownDeviations: [{ test: 'a.md#a', check: 'schema', pointer: '/n', reason: 'ticket 7', firstSeen: '2026-01-02' }],
    stale: [{ test: 'b.md#b', check: 'echo', pointer: '/x', reason: '', firstSeen: '2026-01-01' }],
  });
  const markdown = summaryMarkdown(known);
  expect(markdown).toContain('broken promises: 0 new, 1 known; stale known deviations: 1');
  expect(markdown).toContain('- a.md#a: `schema /n` (ticket 7; first seen 2026-01-02)');
  expect(markdown).toContain('- b.md#b: `echo /x` (no reason given; first seen 2026-01-01)');
  expect(markdown).toMatch(/### Broken promises by difference\n\nNone\./);
});

test("a crashed check is a bug of the suite, listed apart from the target's broken promises", () => {
  const crashed = facts([
    sent('a.md#a', [...kept('status'), { check: 'schema', outcome: 'crashed', reason: 'RangeError: too deep' }], { outcome: 'failed' }),
  ]);
  const markdown = summaryMarkdown(crashed);
  expect(markdown).toContain('## Checks that crashed (1): a bug in the suite, please report it');
  expect(markdown).toContain('- schema: RangeError: too deep (1 test, e.g. a.md#a)');
  expect(markdown).toContain('| schema | 0 | 0 | 0 | 1 |');
});

test('a shard says its summary is partial and how to get the whole run', () => {
  const markdown = summaryMarkdown({ ...run(), shard: { current: 2, total: 4 } });
  expect(markdown).toContain("Shard 2/4: this summary covers this shard's tests only; merging the shards' reports");
});

test('with a history, a difference counts its marks and the overview counts them all; the fixed ones are listed', () => {
  const same = (title: string) => sent(title, [broken('schema', violation('/n', 'Int32', 'string "9"'))]);
  const markdown = summaryMarkdown(
    facts([same('a.md#1'), same('b.md#1'), same('c.md#1'), same('d.md#1')], {
      history: {
        runs: 3,
        marks: new Map([
          ['a.md#1\0schema /n', { kind: 'new' as const }],
          ['b.md#1\0schema /n', { kind: 'still failing' as const, since: '2026-07-02' }],
          ['c.md#1\0schema /n', { kind: 'still failing' as const, since: '2026-07-01' }],
          ['d.md#1\0schema /n', { kind: 'flaky' as const, failed: 2, runs: 4 }],
        ]),
        fixed: [{ test: 'e.md#1', key: 'echo /x', failingSince: '2026-06-30' }],
      },
    }),
  );
  expect(markdown).toContain('### Since the last run (history of 3 earlier runs)');
  expect(markdown).toContain('Broken promises: 1 new, 2 still failing, 1 flaky, 1 fixed.');
  expect(markdown).toContain('| 4 | schema |  | n: expected Int32, got string "9" | 1 new, 2 still failing since 2026-07-01, 1 flaky |');
  expect(markdown).toContain('- e.md#1: `echo /x` (failing since 2026-06-30)');
  expect(markdown).toContain('| d.md#1 | schema |  | n: expected Int32, got string "9" | flaky (failed in 2 of the last 4 runs) |');
});
