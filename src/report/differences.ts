/**
 * Broken promises grouped by what they break, so that one difference between the documents and the
 * target is one row, whatever the number of tests it fails (issue 18: one enum spelled differently filled
 * 109 rows across 8 page sections). A difference is (check, documented type and property, expected, got):
 *   - the property is the documented type's own (`userAccount.status`) when the violation names the type
 *     holding it, so a list (`/value/3/status`) and a read (`/status`) of one type meet; else the JSON
 *     pointer with array indices collapsed (`value[].status`);
 *   - what came back is grouped by its shape (`string "…"`, `N`): the members of an enum spelled in another
 *     case are one difference (each spelling listed with its tests), and so is a number or an id that
 *     differs in every test (a few kept as examples). What echo sent is each example's own data, so it is
 *     grouped the same way; a documented type or status is not.
 */
import { groupBy } from '../core/collections';
import { propertyPath, type Violation } from '../core/violations';
import type { Verdict } from './checkResults';
import type { Mark } from './history';

export interface BrokenPromise {
  test: string;
  check: string;
  violation: Violation & { type?: string };
  /** In the baseline: accepted, not failing its test. */
  known: boolean;
  verdict?: Verdict;
  /** What the history says of it (new, still failing, flaky), when there is a history. */
  mark?: Mark;
}

export interface Difference {
  check: string;
  /** `userAccount.status`, `value[].countHits`, `(body)`, or `` for the status line and headers. */
  property: string;
  expected?: string;
  /** The exact value when every test got the same, else what the values share (`string "…"`). */
  got: string;
  /** The values got and in how many tests each: all of them up to EXACT_VALUES, else the commonest few. */
  values: { value: string; tests: number }[];
  distinctValues: number;
  /** Every broken promise it stands for. */
  promises: BrokenPromise[];
  /** Distinct tests among them. */
  tests: string[];
  verdicts: Set<Verdict | undefined>;
}

/** Up to this many values of one difference are each shown with their number of tests; more, and a few examples. */
export const EXACT_VALUES = 3;
const EXAMPLES = 3;

/** A JSON pointer with array indices collapsed, in words: `/value/3/ipRanges/0` → `value[].ipRanges[]`. */
export function collapsedProperty(pointer: string | undefined): string {
  if (pointer === undefined) return '';
  return propertyPath(pointer).replace(/\[\d+\]/g, '[]');
}

/** The property's name in the type that holds it: the last name in the pointer. */
function ownProperty(pointer: string): string | undefined {
  const names = pointer
    .split('/')
    .slice(1)
    .filter((part) => !/^\d+$/.test(part));
  return names.at(-1)?.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function propertyOf(violation: Violation & { type?: string }): string {
  const own = violation.path === undefined ? undefined : ownProperty(violation.path);
  return violation.type && own ? `${violation.type}.${own}` : collapsedProperty(violation.path);
}

/** The parts of a value that vary from test to test: quoted text, ids, numbers. */
const VARIABLE =
  /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)/i;
const placeholderOf = (part: string) =>
  part.startsWith('"') ? '"…"' : part.startsWith("'") ? "'…'" : part.includes('-') && part.length === 36 ? 'ID' : 'N';

/** What stays of a value when what varies from test to test goes: `string "9"` → `string "…"`, `2147483648` → `N`. */
export function shapeOf(actual: string): string {
  return actual
    .split(VARIABLE)
    .map((part, i) => (i % 2 ? placeholderOf(part) : part))
    .join('');
}

/** Values of one shape, written once: the parts they share kept (`404 Not Found: "…"`), the parts that vary as their shape. */
export function commonShape(values: readonly string[]): string {
  const split = values.map((value) => value.split(VARIABLE));
  if (split.some((parts) => parts.length !== split[0].length)) return shapeOf(values[0]);
  return split[0].map((part, i) => (i % 2 && split.some((parts) => parts[i] !== part) ? placeholderOf(part) : part)).join('');
}

/** The expected side as grouped: what echo sent varies by example (its shape), a documented type or status does not. */
const expectedShape = (violation: Violation) =>
  violation.verb === 'sent' && violation.expected !== undefined ? shapeOf(violation.expected) : violation.expected;

/** Text cut to `length` characters, an ellipsis saying so. */
export const cut = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** The broken promises as differences, most tests first (then most promises, then by check and property). */
export function groupDifferences(promises: readonly BrokenPromise[]): Difference[] {
  const byShape = groupBy(promises, ({ check, violation }) =>
    JSON.stringify([check, propertyOf(violation), expectedShape(violation) ?? null, shapeOf(violation.actual)]),
  );
  const differences: Difference[] = [];
  for (const group of byShape.values()) {
    const { check, violation } = group[0];
    const byValue = groupBy(group, (promise) => promise.violation.actual);
    const values = [...byValue]
      .map(([value, list]) => ({ value, tests: new Set(list.map((promise) => promise.test)).size }))
      .sort((a, b) => b.tests - a.tests);
    const sent = [...new Set(group.map((promise) => promise.violation.expected).filter((value): value is string => value !== undefined))];
    const expected = violation.verb === 'sent' && sent.length > 1 ? commonShape(sent) : violation.expected;
    differences.push({
      check,
      property: propertyOf(violation),
      ...(expected !== undefined ? { expected } : {}),
      got: values.length === 1 ? violation.actual : commonShape(values.map(({ value }) => value)),
      values: values
        .slice(0, values.length <= EXACT_VALUES ? EXACT_VALUES : EXAMPLES)
        .map(({ value, tests }) => ({ value: cut(value, 80), tests })),
      distinctValues: values.length,
      promises: group,
      tests: [...new Set(group.map((promise) => promise.test))],
      verdicts: new Set(group.map((promise) => promise.verdict)),
    });
  }
  return differences.sort(
    (a, b) =>
      b.tests.length - a.tests.length ||
      b.promises.length - a.promises.length ||
      a.check.localeCompare(b.check) ||
      a.property.localeCompare(b.property) ||
      a.got.localeCompare(b.got),
  );
}
