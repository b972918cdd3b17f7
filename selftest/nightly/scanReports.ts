/**
 * Looks for a secret everywhere a run wrote: every file under the reports folder, as written, inside
 * every base64 run it holds (results.json keeps attachments base64-encoded), and inside the zip the
 * HTML report embeds in index.html (base64 too), recursively, where a plain grep sees nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BASE64_RUN = /[A-Za-z0-9+/]{24,}={0,2}/g;

/** The files of a zip archive (stored or deflated), read from its central directory. */
export function unzip(buffer: Buffer): { name: string; data: Buffer }[] {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) return [];
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count && buffer.readUInt32LE(at) === 0x02014b50; i++) {
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const raw = buffer.subarray(dataAt, dataAt + compressedSize);
    files.push({ name, data: method === 8 ? zlib.inflateRawSync(raw) : raw });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

function occurrences(where: string, data: Buffer, secret: string, depth: number, found: string[]): void {
  const text = data.toString('utf8');
  if (text.includes(secret)) found.push(where);
  if (depth > 3) return;
  if (data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    for (const file of unzip(data)) occurrences(`${where} → ${file.name}`, file.data, secret, depth + 1, found);
    return;
  }
  for (const match of text.matchAll(BASE64_RUN)) {
    const decoded = Buffer.from(match[0], 'base64');
    // Only runs that decode to something worth reading: text, or a zip.
    if (decoded.length >= secret.length) occurrences(`${where} (base64 at ${match.index})`, decoded, secret, depth + 1, found);
  }
}

/** Every place under `dir` where `secret` can be read, plain or encoded; empty when there is none. */
export function findSecret(dir: string, secret: string): string[] {
  const found: string[] = [];
  if (!fs.existsSync(dir)) return found;
  for (const file of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, file);
    if (fs.statSync(full).isFile()) occurrences(file, fs.readFileSync(full), secret, 0, found);
  }
  return found;
}
