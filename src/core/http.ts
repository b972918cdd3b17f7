/** The HTTP exchange as every layer sees it: what was sent, what came back, the body parsed once. */

export interface SentRequest {
  method: string;
  url: string;
  /** Headers as sent, without `Authorization`: the token is added by the transport and never stored. */
  headers: Record<string, string>;
  body?: string;
  /** Send the bearer token (only ever to BASE_URL's origin). */
  authorize?: boolean;
}

export interface ReceivedResponse {
  status: number;
  statusText: string;
  /** Header names lowercased. */
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  /** Size of the whole body in bytes, also past the read limit. */
  size?: number;
  /** The body was longer than the read limit: `body` holds its head only and `json` is absent. */
  truncated?: boolean;
  /** SHA-256 of the whole body (hex), for a body too long to attach. */
  sha256?: string;
  /** Offset of the first byte that is not valid UTF-8, when the body is not. */
  invalidUtf8At?: number;
}

export interface Exchange {
  request: SentRequest;
  response: ReceivedResponse;
}

/** The JSON a body holds, or undefined; a byte-order mark in front is legal (RFC 8259 lets parsers ignore it). */
export function parseJsonText(body: string): unknown {
  if (!body.trim()) return undefined;
  try {
    return JSON.parse(body.replace(/^\ufeff/, ''));
  } catch {
    return undefined;
  }
}

/**
 * Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past
 * U+10FFFF), or undefined when all of it is valid. TextDecoder's fatal mode says whether, not where.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length;) {
    const first = bytes[i];
    if (first < 0x80) {
      i++;
      continue;
    }
    const length = first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
    if (!length || i + length > bytes.length) return i;
    const second = bytes[i + 1];
    const low = first === 0xe0 ? 0xa0 : first === 0xf0 ? 0x90 : 0x80;
    const high = first === 0xed ? 0x9f : first === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return i;
    for (let k = 2; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return undefined;
}
