/**
 * Which service metadata a run holds responses to, as the runner found it (src/replay/metadataSource.ts)
 * and hands it on in an environment variable: to its workers, which read the texts from the file it names,
 * and to its reporters, which name the source in the report's header and summary.
 */
import os from 'node:os';
import path from 'node:path';

/** Where the texts (`{sha256}.json`, written by the runner) and their models (`{sha256}.model`, by workers) are kept. */
export const METADATA_CACHE = path.join(os.tmpdir(), 'graph-doc-contracts-metadata');

/** The texts' size, as the report gives it. */
export const metadataBytes = (texts: readonly { text: string }[]) => texts.reduce((sum, { text }) => sum + Buffer.byteLength(text), 0);

/** What the run uses, as workers and reporters read it. */
export interface MetadataInUse {
  /** In words: `GET https://host/beta/$metadata`, or the files and URLs read. */
  source: string;
  /** The texts (`[{ name, text }]` as JSON), when there are any. */
  file?: string;
  bytes?: number;
  sha256?: string;
  /** Why there is none, when there is none: `METADATA=off`, `GET …/$metadata answered 404`. */
  note?: string;
}

/** The environment variable the runner hands the workers what it found in. */
export const METADATA_ENV = 'GRAPH_DOC_CONTRACTS_METADATA';

/** What the runner found, as a worker (or a reporter) reads it from the environment. */
export function metadataInUse(env: NodeJS.ProcessEnv = process.env): MetadataInUse | undefined {
  const text = env[METADATA_ENV];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as MetadataInUse;
  } catch {
    return undefined;
  }
}

/** `GET https://host/beta/$metadata (1,437 KB, sha256 3f2a…)`, or the note: for the report's header. */
export function describeMetadata(used: MetadataInUse | undefined): string {
  if (!used) return 'not read (a listing, or a run before any test)';
  if (used.note) return used.note;
  return `${used.source} (${Math.round((used.bytes ?? 0) / 1024).toLocaleString('en-US')} KB, sha256 ${used.sha256?.slice(0, 12)})`;
}
