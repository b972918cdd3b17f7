/**
 * The switches the self-test matrix proves the suite with, each a test of its own (`fault <name>`,
 * `tolerance <name>`, `tolerance combined`, `baseline (no switch)`), and which of them a run selects:
 * the parent's `--grep` is handed to the one child run (MATRIX_GREP), so that re-running one switch
 * runs only that switch.
 */
import { FAULTS } from '../../server/faults';
import { TOLERANCES } from '../../server/tolerances';
import type { Settings } from '../../src/config';
import type { SkipKind } from '../../src/report/checkResults';
import { COMBINED_TOLERANCES, FAULT_EXPECTATIONS } from './expectations';

export type MatrixKind = 'fault' | 'tolerance' | 'baseline';

export interface MatrixSwitch {
  /** The switch as the matrix table names it. */
  name: string;
  kind: MatrixKind;
  /** The test title in the parent and the `describe` title in the child run. */
  title: string;
  /** The reference server switches the child's requests ask for (`x-reference-switches`). */
  switches: string[];
  /** The child run's tests for it: every documented example, and all or a sample of the bad requests. */
  contracts: boolean;
  negative: 'all' | 'sample' | 'none';
  /** Settings of its own (a token of another kind): the describe's `settings` option. */
  settings?: Partial<Settings>;
  /** A tolerance that must also skip tests for this reason (a narrower token: what the pages rule out is not sent). */
  skippedFor?: SkipKind;
}

export const MATRIX_SWITCHES: readonly MatrixSwitch[] = [
  { name: '(none)', kind: 'baseline', title: 'baseline (no switch)', switches: [], contracts: true, negative: 'all' },
  ...FAULTS.map((fault): MatrixSwitch => {
    const negativeFault = FAULT_EXPECTATIONS[fault.name]?.project === 'negative';
    return {
      name: fault.name,
      kind: 'fault',
      title: `fault ${fault.name}`,
      switches: [fault.name],
      contracts: !negativeFault,
      negative: negativeFault ? 'sample' : 'none',
    };
  }),
  ...TOLERANCES.map((tolerance): MatrixSwitch => ({
    name: tolerance.name,
    kind: 'tolerance',
    title: `tolerance ${tolerance.name}`,
    switches: [tolerance.name],
    contracts: true,
    negative: 'sample',
  })),
  // A token most pages rule out (four of the seeds support no personal Microsoft account; the fifth does not
  // say): what a page rules out is skipped naming its line, the rest is sent and passes.
  {
    name: 'narrower-token (delegated-personal)',
    kind: 'tolerance',
    title: 'tolerance narrower-token',
    switches: [],
    contracts: true,
    negative: 'sample',
    settings: { tokenKind: 'delegated-personal' },
    skippedFor: 'permissions',
  },
  // One server that takes many liberties at once, on top of the reference server's own (UTC dates,
  // `@odata.context`, nulls for properties not sent).
  {
    name: `combined (${COMBINED_TOLERANCES.length} tolerances)`,
    kind: 'tolerance',
    title: 'tolerance combined',
    switches: COMBINED_TOLERANCES,
    contracts: true,
    negative: 'sample',
  },
];

/** The header the reference server reads a request's switches from (REFERENCE_SWITCH_HEADER=1). */
export { SWITCHES_HEADER as SWITCH_HEADER } from '../../server/switchSets';

/** `--grep`/`-g` and `--grep-invert` as the parent runner was given them, for MATRIX_GREP(_INVERT). */
export function grepArguments(argv: readonly string[]): { grep?: string; grepInvert?: string } {
  const found: { grep?: string; grepInvert?: string } = {};
  argv.forEach((arg, index) => {
    const [flag, inline] = arg.split(/=(.*)/s);
    const value = inline ?? argv[index + 1];
    if (flag === '--grep' || flag === '-g') found.grep = value;
    if (flag === '--grep-invert' || flag === '-gv') found.grepInvert = value;
  });
  return found;
}

/**
 * The switches a run selects: those whose test the grep would run (Playwright matches the project name,
 * the file and the title), all of them without one.
 */
export function selectedSwitches(env: NodeJS.ProcessEnv = process.env): MatrixSwitch[] {
  const grep = env.MATRIX_GREP ? new RegExp(env.MATRIX_GREP) : undefined;
  const grepInvert = env.MATRIX_GREP_INVERT ? new RegExp(env.MATRIX_GREP_INVERT) : undefined;
  return MATRIX_SWITCHES.filter((which) => {
    const line = `matrix selftest/matrix/matrix.test.ts ${which.title}`;
    return (!grep || grep.test(line)) && !grepInvert?.test(line);
  });
}
