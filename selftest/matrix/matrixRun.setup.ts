/**
 * The matrix's one child run (project `matrix-run`, which the `matrix` project depends on): the contract
 * suite, as a user runs it, against the reference server once per selected switch (selftest/matrix/suite).
 * The `matrix` tests then read their switch's results from it. Stopped with this test, also on interrupt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { suiteTest as test } from '../support/runSuite';
import { MATRIX_RUN_DIR, MATRIX_RUN_CONFIG } from './matrixRun';
import { selectedSwitches } from './switches';

test('the contract suite against every selected switch, in one child run', async ({ runner }) => {
  const selected = selectedSwitches();
  test.skip(!selected.length, 'the grep selects no matrix switch');
  const run = await runner.run({ projects: [], args: ['--config', MATRIX_RUN_CONFIG], env: {}, reportsDir: MATRIX_RUN_DIR });
  expect(fs.existsSync(path.join(MATRIX_RUN_DIR, 'results.json')), `the child run wrote no report:\n${run.failureText}`).toBe(true);
  expect(run.passed + run.failed, run.failureText).toBeGreaterThan(0);
});
