/**
 * What the pages document, for the run's coverage (issue 18): the distinct documented requests (method +
 * path template of each page's "HTTP request" section) and those no example sends. A request is
 * documented once however many pages list it (`GET /users/{id}` and `GET /users/{userId}` are one), and
 * sent by an example of any page whose URL the suite locates on it (as it does to replay the example).
 * The numbers go to the summary reporter as plain data (src/report/coverage.ts, DocumentedCoverage).
 */
import type { Page, PathTemplate } from '../docs/model';
import type { DocumentedCoverage } from '../report/coverage';
import { isObject } from '../core/json';
import { readPage } from './loadContracts';
import { locatePath } from './paths';
import type { CachedSuite } from './suiteCache';

/** One documented request, whatever the page calls its placeholders and however it cases the path. */
const requestKey = (template: PathTemplate) =>
  `${(template.method ?? '').toUpperCase()} ${template.path
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\/+$/, '')
    .toLowerCase()}`;

const describeRequest = (template: PathTemplate) => `${template.method ? `${template.method.toUpperCase()} ` : ''}${template.path}`;

/** The documented requests of `pages` and which no example sends; `examples` is the number of documented examples. */
export function documentedCoverage(pages: readonly Page[], examples: number): DocumentedCoverage {
  const sent = new Set<string>();
  for (const page of pages) {
    for (const pair of page.examples) {
      const template = locatePath(pair.request.url, page.templates, pair.request.method).template;
      // A URL found on another method's template does not send that request.
      if (template && (!template.method || template.method.toUpperCase() === pair.request.method.toUpperCase()))
        sent.add(requestKey(template));
    }
  }
  const documented = new Set<string>();
  const perPage: DocumentedCoverage['pages'] = [];
  for (const page of pages) {
    const own = new Map(page.templates.map((template) => [requestKey(template), template]));
    if (!own.size) continue;
    for (const key of own.keys()) documented.add(key);
    const withoutExample = [...own].filter(([key]) => !sent.has(key)).map(([, template]) => describeRequest(template));
    perPage.push({ page: page.file, operations: own.size, withoutExample });
  }
  return {
    operations: documented.size,
    withoutExample: [...documented].filter((key) => !sent.has(key)).length,
    examples,
    pages: perPage.sort((a, b) => a.page.localeCompare(b.page)),
  };
}

function readCoverage(json: unknown): DocumentedCoverage | undefined {
  if (
    !isObject(json) ||
    typeof json.operations !== 'number' ||
    typeof json.withoutExample !== 'number' ||
    typeof json.examples !== 'number'
  )
    return undefined;
  const pages = json.pages;
  const isPage = (page: unknown) =>
    isObject(page) && typeof page.page === 'string' && typeof page.operations === 'number' && Array.isArray(page.withoutExample);
  return Array.isArray(pages) && pages.every(isPage) ? (json as unknown as DocumentedCoverage) : undefined;
}

/**
 * The documented coverage of a suite, kept in the suite cache beside its index (built once per suite and
 * code): the pages come from the suite's examples (one per page) and, for operation pages with nothing to
 * replay, from reading those few pages again.
 */
export function suiteCoverage(suite: CachedSuite): DocumentedCoverage {
  return suite.derived('coverage', [], readCoverage, () => {
    const firstOfPage = new Map<string, number>();
    suite.tests.forEach(({ title }, index) => {
      const page = title.split('#')[0];
      if (!firstOfPage.has(page)) firstOfPage.set(page, index);
    });
    const pages = [...firstOfPage.values()].map((index) => suite.example(index).page);
    for (const { file } of suite.emptyPages) {
      try {
        pages.push(readPage(suite.dir, file));
      } catch {
        // A page that cannot be read documents nothing readable: its skipped test says why.
      }
    }
    return documentedCoverage(pages, suite.tests.length);
  });
}
