/**
 * Example URLs carry arbitrary hosts and version segments (`https://graph.microsoft.com/localtest/…`,
 * `…/docs\api/Security/…`, relative `/me/events`). The documented path template is found inside the
 * URL and what follows is what gets rebased onto BASE_URL.
 */
import type { PathTemplate } from '../docs/model';
import { VERSION_SEGMENT } from '../docs/parsePage';

export interface Placeholder {
  /** Name as the template writes it, without braces, e.g. `ipSecurityProfileId`. */
  name: string;
  /** Index of the segment in `LocatedPath.segments`. */
  segment: number;
  /** The segment as the example URL writes it: `{ipSecurityProfileId}` or a concrete id. */
  exampleValue: string;
}

export interface LocatedPath {
  /** Path segments from the template's first segment on, as the example writes them (decoded). */
  segments: string[];
  /** Segments before the template: the version (`v1.0`), or whatever the page wrote there. */
  prefix: string[];
  /** Query string including `?`, or empty. */
  query: string;
  template?: PathTemplate;
  placeholders: Placeholder[];
  /** Set when the URL matches no template: the document finding, in words. */
  mismatch?: string;
}

const PLACEHOLDER = /^\{([^}]*)\}$/;

export const placeholderName = (segment: string) => PLACEHOLDER.exec(segment)?.[1].trim();

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function splitUrl(url: string): { segments: string[]; query: string } {
  const text = url
    .trim()
    .replace(/\\/g, '/')
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const queryAt = text.search(/[?#]/);
  const query = queryAt >= 0 ? text.slice(queryAt).replace(/#.*$/, '') : '';
  const path = queryAt >= 0 ? text.slice(0, queryAt) : text;
  return { segments: splitPath(path), query };
}

/** `range(address='<address>')` → `range`: a function segment's name, without its parameters. */
const functionName = (segment: string) => /^([^(]+)\(.*\)$/.exec(segment)?.[1];

/**
 * A template segment matches a URL segment when it is a placeholder, the same word (case aside), or
 * the same function with the parameters filled in (`delta(token='{token}')` ~ `delta(token='abc')`;
 * templates that leave a function's parameters out, or examples that omit optional ones, too).
 */
const sameSegment = (templateSegment: string, urlSegment: string) => {
  if (placeholderName(templateSegment) !== undefined || templateSegment.toLowerCase() === urlSegment.toLowerCase()) return true;
  const templateFunction = functionName(templateSegment);
  const urlFunction = functionName(urlSegment);
  if (templateFunction === undefined && urlFunction === undefined) return false;
  return (templateFunction ?? templateSegment).toLowerCase() === (urlFunction ?? urlSegment).toLowerCase();
};

/** Where the template's segments occur in the URL's, preferring a match that ends the path. */
function findTemplate(segments: string[], template: string[]): { start: number; complete: boolean } | undefined {
  let partial: number | undefined;
  for (let start = 0; start + template.length <= segments.length; start++) {
    if (template.every((segment, i) => sameSegment(segment, segments[start + i]))) {
      if (start + template.length === segments.length) return { start, complete: true };
      partial ??= start;
    }
  }
  return partial === undefined ? undefined : { start: partial, complete: false };
}

export function locatePath(url: string, templates: readonly PathTemplate[], method?: string): LocatedPath {
  const { segments, query } = splitUrl(url);
  const candidates = [...templates].sort(
    (a, b) => Number(b.method === method) - Number(a.method === method) || splitPath(b.path).length - splitPath(a.path).length,
  );
  let best: { template: PathTemplate; start: number; complete: boolean } | undefined;
  for (const template of candidates) {
    const found = findTemplate(segments, splitPath(template.path));
    if (found && (!best || (found.complete && !best.complete))) best = { template, ...found };
    if (best?.complete) break;
  }
  if (best) {
    const templateSegments = splitPath(best.template.path);
    const kept = segments.slice(best.start);
    return {
      segments: kept,
      prefix: segments.slice(0, best.start),
      query,
      template: best.template,
      placeholders: templateSegments.flatMap((segment, index) => {
        const name = placeholderName(segment);
        return name === undefined ? [] : [{ name, segment: index, exampleValue: kept[index] }];
      }),
      ...(best.complete ? {} : { mismatch: `URL has segments after the template ${best.template.path}` }),
    };
  }
  // No template matches: drop the host's version segment and keep the rest as the example wrote it.
  const kept = VERSION_SEGMENT.test(segments[0] ?? '') ? segments.slice(1) : segments;
  return {
    segments: kept,
    prefix: segments.slice(0, segments.length - kept.length),
    query,
    placeholders: kept.flatMap((segment, index) => {
      const name = placeholderName(segment);
      return name === undefined ? [] : [{ name, segment: index, exampleValue: segment }];
    }),
    mismatch: templates.length
      ? `URL ${url} matches no HTTP request template (${templates.map((t) => t.path).join(', ')})`
      : 'the page documents no HTTP request template',
  };
}

/** Appends a path to a base URL that may carry a path of its own (`https://host/beta`). */
export function joinUrl(baseURL: string, path: string): string {
  return baseURL.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}

/**
 * Segments back to a path. Characters a URL cannot carry (spaces in `$filter`, non-ASCII) are left for
 * `new URL()` to encode, so that percent-escapes the page already wrote are not encoded twice.
 */
export function formatPath(segments: readonly string[], query = ''): string {
  return '/' + segments.join('/') + query;
}
