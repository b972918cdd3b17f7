/**
 * Secrets stay out of every output: each token the run held, the client secret, and whatever follows
 * `Bearer ` in an Authorization value, replaced by `<redacted>` wherever they occur (headers a target
 * reflects, bodies, error messages, curl commands).
 */
const REDACTED = '<redacted>';
const AUTHORIZATION = /(authorization["']?\s*[:=]\s*["']?(?:bearer|basic)\s+)[^\s"',;]+/gi;

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(AUTHORIZATION, `$1${REDACTED}`);
  // Longest first, so that a secret containing another is replaced whole; also as URL- and JSON-encoded.
  for (const secret of [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]))
      out = out.split(form).join(REDACTED);
  }
  return out;
}
