import { kept, responseLine, outcomeOf, type Check } from './types';

/** The body is labelled with the documented media type; parameters (`charset`, `odata.metadata`) are allowed. */
export const contentType: Check = {
  name: 'content-type',
  promise: (contract) => contract.expected.mediaType ?? 'no body',
  documentedAt: responseLine,
  whyNotApplicable: (contract) => (contract.expected.mediaType ? undefined : 'the documents show no response body'),
  verify({ contract, exchange: { response } }) {
    const expected = contract.expected.mediaType!;
    const header = response.headers['content-type'];
    if (header === undefined) return outcomeOf([{ expected, actual: 'no Content-Type header' }]);
    const mediaType = header.split(';')[0].trim().toLowerCase();
    if (mediaType !== expected) return outcomeOf([{ expected, actual: header }]);
    // JSON text is UTF-8 (RFC 8259 §8.1); a decoder that quietly substitutes U+FFFD would hide the damage.
    if (response.invalidUtf8At !== undefined && /json/.test(mediaType))
      return outcomeOf([{ expected: `${expected} in UTF-8`, actual: `a body that is not valid UTF-8 at byte ${response.invalidUtf8At}` }]);
    return kept;
  },
};
