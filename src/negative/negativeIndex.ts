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
import { deriveBadRequests, negativeTitle } from './badRequests';

export interface NegativeTest {
  title: string;
  /** The suite test (documented example) the request is derived from. */
  example: number;
  /** Its place among that example's bad requests. */
  derivation: number;
}

/**
 * As cached: each example that derives bad requests, with what each one breaks (its title's end). A third
 * of the JSON that full titles make, which listing reads in every process.
 */
type StoredIndex = [example: number, whats: string[]][];

/** The code that derives the index: the index is rebuilt when it changes (and a CI cache key covers it). */
export const NEGATIVE_INDEX_SOURCE = ['src/negative'];

/** The negative tests of a suite, from the cache when it has them, else derived once and cached. */
export function negativeTests(suite: CachedSuite): NegativeTest[] {
  const stored = suite.derived(
    'negative',
    NEGATIVE_INDEX_SOURCE,
    (json) => (isStoredIndex(json, suite.tests.length) ? json : undefined),
    () => deriveIndex(suite),
  );
  return stored.flatMap(([example, whats]) =>
    whats.map((what, derivation) => ({ title: negativeTitle(suite.tests[example].title, what), example, derivation })),
  );
}

/** The bad request behind one negative test, derived with the run's seed (the values it sends). */
export function badRequest(suite: CachedSuite, test: NegativeTest, seed: string): NegativeContract {
  const bad = deriveBadRequests(suite.example(test.example), suite.registry, seed)[test.derivation];
  // The index is keyed on all that derivation reads: another request here is a bug, never a stale cache.
  if (bad?.title !== test.title) throw new Error(`negative test index out of step: "${test.title}" derives "${bad?.title}"`);
  return bad;
}

function deriveIndex(suite: CachedSuite): StoredIndex {
  return suite.tests.flatMap((_, example) => {
    // What is derived does not depend on the seed: any one derives it.
    const whats = deriveBadRequests(suite.example(example), suite.registry).map((bad) => bad.what);
    return whats.length ? [[example, whats] satisfies StoredIndex[number]] : [];
  });
}

/** Whether a cached file is an index of this suite's examples (not corrupt, not another layout). */
function isStoredIndex(json: unknown, examples: number): json is StoredIndex {
  const isEntry = (entry: unknown) =>
    Array.isArray(entry) &&
    entry.length === 2 &&
    Number.isInteger(entry[0]) &&
    entry[0] >= 0 &&
    entry[0] < examples &&
    Array.isArray(entry[1]) &&
    entry[1].every((what) => typeof what === 'string');
  return Array.isArray(json) && json.every(isEntry);
}
