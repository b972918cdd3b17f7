/** Answers as the transport hands them to the checks, for tests of the checks alone. */
import type { ReceivedResponse } from '../../src/core/http';

/** A JSON answer: `201 Created` and `application/json` unless said otherwise; the body text is the JSON's. */
export function jsonAnswer(json: unknown, overrides: Partial<ReceivedResponse> = {}): ReceivedResponse {
  return {
    status: 201,
    statusText: 'Created',
    headers: { 'content-type': 'application/json' },
    // Not written when given: a value nested too deep for JSON.stringify is given its own text.
    body: overrides.body ?? (json === undefined ? '' : JSON.stringify(json)),
    json,
    ...overrides,
  };
}
