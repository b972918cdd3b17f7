/**
 * The negative project's test index: one entry per bad request, in the order the spec declares them,
 * kept in the suite cache. Listing (and every worker, which declares every test too) then reads titles
 * instead of building every example and deriving every bad request; a test builds its own when it runs.
 *
 * Keyed on the suite (pages, parser) and on this folder's code, not on NEGATIVE_SEED: the seed picks the
 * values a bad request carries (markers, unknown ids), never which requests are derived nor their titles
 * (selftest/unit/negativeIndex.test.ts holds that), and a fresh seed per run must not rebuild the index.
 */
import type { NegativeContract } from '../contracts/contractExample';
import type { CachedSuite } from '../contracts/suiteCache';
import { deriveBadRequests } from './badRequests';

export interface NegativeTest {
  title: string;
  /** The suite test (documented example) the request is derived from. */
  example: number;
  /** Its place among that example's bad requests. */
  derivation: number;
}

/** The negative tests of a suite, from the cache when it has them, else derived once and cached. */
export function negativeTests(suite: CachedSuite): readonly NegativeTest[] {
  return suite.derived(
    'negative',
    ['src/negative'],
    (json) => parseIndex(json, suite.tests.length),
    () => deriveIndex(suite),
  );
}

/** The bad request behind one negative test, derived with the run's seed (the values it sends). */
export function badRequest(suite: CachedSuite, test: NegativeTest, seed: string): NegativeContract {
  const bad = deriveBadRequests(suite.example(test.example), suite.registry, seed)[test.derivation];
  // The index is keyed on all that derivation reads: another request here is a bug, never a stale cache.
  if (bad?.title !== test.title) throw new Error(`negative test index out of step: "${test.title}" derives "${bad?.title}"`);
  return bad;
}

function deriveIndex(suite: CachedSuite): NegativeTest[] {
  return suite.tests.flatMap((_, example) =>
    // The titles do not depend on the seed: any one derives them.
    deriveBadRequests(suite.example(example), suite.registry).map(({ title }, derivation) => ({ title, example, derivation })),
  );
}

/** A cached index, or undefined when the file is missing or not one (corrupt, another layout). */
function parseIndex(json: unknown, examples: number): NegativeTest[] | undefined {
  const isTest = (entry: NegativeTest | undefined) =>
    typeof entry?.title === 'string' &&
    Number.isInteger(entry.example) &&
    entry.example >= 0 &&
    entry.example < examples &&
    Number.isInteger(entry.derivation) &&
    entry.derivation >= 0;
  return Array.isArray(json) && json.every(isTest) ? (json as NegativeTest[]) : undefined;
}
