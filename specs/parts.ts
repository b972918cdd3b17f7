/**
 * The tests are declared in PARTS spec files per project (`specs/<project>/part-<n>.spec.ts`), each page's
 * tests in the part its file name hashes to. Why: Playwright starts a new worker after every failed test,
 * and a worker declares every test of the file it runs a test of; with one file, a failure at the scale of
 * the Graph reference (5,000 pages) cost ~0.2 s of declaring alone. A part is an eighth of that, and a
 * page's tests stay together in one file of the HTML report.
 */
export const PARTS = 8;

/** The part (1..PARTS) of a test, from its page: a title is `<page>#…`, or the page's file for an empty page. */
export function partOf(title: string): number {
  const page = title.split('#', 1)[0];
  let hash = 0x811c9dc5; // FNV-1a: stable across processes and machines, as the runner and its workers need
  for (let i = 0; i < page.length; i++) hash = Math.imul(hash ^ page.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) % PARTS) + 1;
}

/**
 * The items of one part, the list split once per process: every part file of a project asks for its part,
 * and one runner loads them all (hashing 15,000 titles eight times over cost ~30 ms of a listing).
 */
export function itemsOfPart<T>(items: readonly T[], titleOf: (item: T) => string, part: number): T[] {
  let parts = splits.get(items);
  if (!parts) {
    parts = Array.from({ length: PARTS + 1 }, () => []);
    const partOfPage = new Map<string, number>();
    for (const item of items) {
      const title = titleOf(item);
      const page = title.split('#', 1)[0];
      let itsPart = partOfPage.get(page);
      if (itsPart === undefined) partOfPage.set(page, (itsPart = partOf(page)));
      parts[itsPart].push(item);
    }
    splits.set(items, parts);
  }
  return parts[part] as T[];
}
const splits = new WeakMap<readonly unknown[], unknown[][]>();
