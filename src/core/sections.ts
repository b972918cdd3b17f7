/**
 * What a section of a reference page is for, decided once by the parser from its h1/h2 heading, so
 * that later layers ask for `request-body` instead of matching headings again.
 */
export type SectionRole = 'http-request' | 'request-headers' | 'request-body' | 'response' | 'properties' | 'other';

export function sectionRole(heading: string): SectionRole {
  const text = heading.trim().toLowerCase();
  if (/^http request/.test(text)) return 'http-request';
  if (/header/.test(text)) return 'request-headers';
  if (/^request body/.test(text)) return 'request-body';
  if (/^response/.test(text)) return 'response';
  if (/^properties/.test(text)) return 'properties';
  return 'other';
}
