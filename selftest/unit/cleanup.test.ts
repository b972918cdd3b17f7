/** `npm run cleanup`'s reading of a run's JSON report: every resource left behind, once, wherever it is annotated. */
import { expect, test } from '@playwright/test';
import { leftBehind } from '../../src/cli/cleanup';

test('left-behind resources are read from tests and their results, nested suites too, each once', () => {
  const note = (url: string, why = 'answered 500') => ({ type: 'left behind', description: `${url} (delete ${why})` });
  const report = {
    suites: [
      {
        specs: [{ tests: [{ annotations: [note('https://t/beta/a/1')], results: [{ annotations: [note('https://t/beta/a/1')] }] }] }],
        suites: [
          {
            specs: [
              {
                tests: [
                  {
                    annotations: [{ type: 'skip', description: 'x' }],
                    results: [{ annotations: [note('https://t/beta/b/2', 'connection refused (a (nested) reason)')] }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
  expect(leftBehind(report)).toEqual(['https://t/beta/a/1', 'https://t/beta/b/2']);
  expect(leftBehind({ suites: [] })).toEqual([]);
});
