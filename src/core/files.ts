/** Files the suite keeps for itself (caches): written whole or not at all. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Atomic write: a temporary file beside the target, renamed over it. Failures only mean no cache. */
export function writeAtomically(file: string, content: string | Buffer): void {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
