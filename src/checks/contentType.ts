import { kept, notApplicable, responseLine, verdict, type Check } from './types';

/** The body is labelled with the documented media type; parameters (`charset`, `odata.metadata`) are allowed. */
export const contentType: Check = {
  name: 'content-type',
  promise: (example) => example.expected.mediaType ?? 'no body',
  documentedAt: responseLine,
  verify({ example, exchange: { response } }) {
    const expected = example.expected.mediaType;
    if (!expected) return notApplicable('the documents show no response body');
    const header = response.headers['content-type'];
    if (header === undefined) return verdict([`expected ${expected}, got no Content-Type header`]);
    const mediaType = header.split(';')[0].trim().toLowerCase();
    return mediaType === expected ? kept : verdict([`expected ${expected}, got ${header}`]);
  },
};
