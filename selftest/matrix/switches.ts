/**
 * The switches the self-test matrix proves the suite with, each a test of its own (`fault <name>`,
 * `tolerance <name>`, `tolerance combined`, `baseline (no switch)`), and which of them a run selects:
 * the parent's `--grep` is handed to the one child run (MATRIX_GREP), so that re-running one switch
 * runs only that switch.
 *
 * The page's promises are proven with METADATA=off (two witnesses: a fault there is the page's promise
 * broken, whoever's it is). The third witness has switches of its own: the CSDL the pages imply, changed
 * as a service's metadata may differ from its pages, and the reference server's answers, so that each
 * verdict is produced by a fault that must produce it, and each liberty a metadata may take passes.
 */
import { FAULTS } from '../../server/faults';
import { TOLERANCES } from '../../server/tolerances';
import type { Settings } from '../../src/config';
import type { CheckName } from '../../src/core/checkNames';
import type { Verdict } from '../../src/core/violations';
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
  /** `sample`: of each example, one bad request of each kind; `sample-one`: the same of the first example only. */
  negative: 'all' | 'sample' | 'sample-one' | 'none';
  /** Settings of its own (a token of another kind): the describe's `settings` option. */
  settings?: Partial<Settings>;
  /** A tolerance that must also skip tests for this reason (a narrower token: what the pages rule out is not sent). */
  skippedFor?: SkipKind;
  /** The run holds responses to metadata: the CSDL the pages imply, as `change` makes it (none: METADATA=off). */
  metadata?: { change: (csdl: string) => string };
  /** What a fault must produce: checks among the failures, and verdicts among their broken promises. */
  expect?: { checks: CheckName[]; verdicts?: Verdict[] };
}

/** The first `Name="id"` property of every entity type moved to one abstract base type they all derive from. */
function idOnBaseType(csdl: string): string {
  const base =
    '<EntityType Name="entityWithId" Abstract="true"><Key><PropertyRef Name="id" /></Key>' +
    '<Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>';
  return csdl
    .replace(
      /<EntityType Name="([^"]+)">\s*<Key>\s*<PropertyRef Name="id" \/>\s*<\/Key>\s*<Property Name="id"[^>]*\/>/g,
      '<EntityType Name="$1" BaseType="microsoft.graph.entityWithId">',
    )
    .replace(/(<Schema [^>]*>)/, `$1${base}`);
}

/** Every qualified type reference written through an alias (`graph.ipCategory`), as Microsoft's 2026 files do. */
const throughAlias = (csdl: string) =>
  csdl
    .replace(/(<Schema Namespace="microsoft\.graph")/, '$1 Alias="graph"')
    .replace(/(Type|BaseType)="(Collection\()?microsoft\.graph\./g, '$1="$2graph.');

const METADATA_SWITCHES: readonly MatrixSwitch[] = [
  {
    name: "metadata (the pages' own)",
    kind: 'tolerance',
    title: 'tolerance metadata',
    switches: [],
    contracts: true,
    negative: 'sample',
    metadata: { change: (csdl) => csdl },
  },
  // Verdicts: each fault must produce its own.
  {
    name: 'metadata-declares-int64 (docs)',
    kind: 'fault',
    title: 'fault verdict docs',
    // The service declares Int64 and answers 2^31, which the page's Int32 cannot hold: the page drifted.
    switches: ['int32-out-of-range'],
    contracts: true,
    negative: 'none',
    metadata: { change: (csdl) => csdl.replace(/Type="Edm\.Int32"/g, 'Type="Edm.Int64"') },
    expect: { checks: ['schema'], verdicts: ['docs'] },
  },
  {
    name: 'metadata-declares-other-id (metadata)',
    kind: 'fault',
    title: 'fault verdict metadata',
    // The service declares its ids Int64 and answers the strings the pages show: it breaks its own metadata.
    switches: [],
    contracts: true,
    negative: 'none',
    metadata: { change: (csdl) => csdl.replace(/<Property Name="id" Type="Edm\.String"/g, '<Property Name="id" Type="Edm.Int64"') },
    expect: { checks: ['metadata'], verdicts: ['metadata'] },
  },
  {
    name: 'breaks-both (service)',
    kind: 'fault',
    title: 'fault verdict service',
    switches: ['int32-as-string'],
    contracts: true,
    negative: 'none',
    metadata: { change: (csdl) => csdl },
    expect: { checks: ['schema', 'metadata'], verdicts: ['service'] },
  },
  // Liberties a service's metadata takes that change nothing a response must keep.
  {
    name: 'metadata-aliases',
    kind: 'tolerance',
    title: 'tolerance metadata-aliases',
    switches: [],
    contracts: true,
    negative: 'none',
    metadata: { change: throughAlias },
  },
  {
    name: 'metadata-base-type',
    kind: 'tolerance',
    title: 'tolerance metadata-base-type',
    switches: [],
    contracts: true,
    negative: 'none',
    metadata: { change: idOnBaseType },
  },
  {
    name: 'metadata-open-type',
    kind: 'tolerance',
    title: 'tolerance metadata-open-type',
    // Open types: the properties no page lists, nested ones too, are the service's to add.
    switches: ['extra-properties', 'nested-undocumented-properties'],
    contracts: true,
    negative: 'none',
    metadata: { change: (csdl) => csdl.replace(/<(EntityType|ComplexType) Name="([^"]+)"/g, '<$1 Name="$2" OpenType="true"') },
  },
];

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
    // A liberty in how answers look: one example's bad requests show how error answers take it.
    negative: 'sample-one',
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
  ...METADATA_SWITCHES,
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
