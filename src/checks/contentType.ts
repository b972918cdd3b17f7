import { kept, responseLine, verdict, type Check } from './types';

/** The body is labelled with the documented media type; parameters (`charset`, `odata.metadata`) are allowed. */
export const contentType: Check = {
  name: 'content-type',
  promise: (contract) => contract.expected.mediaType ?? 'no body',
  documentedAt: responseLine,
  appliesTo: (contract) => (contract.expected.mediaType ? undefined : 'the documents show no response body'),
  verify({ contract, exchange: { response } }) {
    const expected = contract.expected.mediaType!;
    const header = response.headers['content-type'];
    if (header === undefined) return verdict([{ expected, actual: 'no Content-Type header' }]);
    const mediaType = header.split(';')[0].trim().toLowerCase();
    return mediaType === expected ? kept : verdict([{ expected, actual: header }]);
  },
};
