/**
 * What the suite cache knows of each page file it read, as git's index knows a work tree: the file's
 * size, modification and change times, inode and device, with the key its content hashed to. A file whose
 * stat is still the recorded one has that key: the runner need not read 3,341 pages to know none changed.
 *
 * An edit changes the change time (ctime) whatever else it keeps: same size, or the modification time set
 * back (`touch -d`, an archive). Two edits in one file-system timestamp tick, the cache reading the file
 * between them, would leave the stat unchanged: git's "racily clean" case. So a file is trusted only when
 * it last changed well before the record was made (RACY_MARGIN_MS); a file changed around or after that
 * is read again, every time, until a later record is made well after its last change.
 *
 * The record also names the folder's last suite (suiteCache.ts): the suite whose pages a changed folder's
 * next suite reuses, and then removes.
 */
import type fs from 'node:fs';

const FORMAT = 1;
/**
 * How long before a record's reads began a file must have last changed to be trusted by its stat: more
 * than a timestamp's tick (file times lag the clock by up to one) and than a network file system's skew.
 */
export const RACY_MARGIN_MS = 5_000;

type Entry = [size: number, mtimeMs: number, ctimeMs: number, ino: number, dev: number, key: string];

export interface RecordedStats {
  format: number;
  /** Files that last changed at or after this time (ms since the epoch) are read again. */
  trustedBefore: number;
  files: Record<string, Entry>;
  /** The suite key of the folder's pages when they were recorded. */
  suite?: string;
}

export class PageStats {
  /** When this process began stat-ing and reading files: what it records can be trusted before this, less the margin. */
  private readonly started = Date.now();
  private readonly recorded: ReadonlyMap<string, Entry>;
  private readonly trustedBefore: number;
  private readonly seen = new Map<string, Entry>();
  private readAgain = false;
  private readonly recordedSuite?: string;
  /** The folder's suite: the last one recorded, until set to the one its pages make now. */
  suite?: string;

  constructor(
    json?: unknown,
    private readonly margin = RACY_MARGIN_MS,
  ) {
    const valid = isRecordedStats(json) ? json : undefined;
    this.recorded = new Map(valid ? Object.entries(valid.files) : []);
    this.trustedBefore = valid?.trustedBefore ?? -Infinity;
    this.recordedSuite = this.suite = valid?.suite;
  }

  /** The key recorded for `file`, when its stat is the recorded one and it last changed well before the record. */
  trustedKey(file: string, stat: fs.Stats): string | undefined {
    const entry = this.recorded.get(file);
    if (!entry || !stat.isFile() || !sameStat(entry, stat)) return undefined;
    if (stat.mtimeMs >= this.trustedBefore || stat.ctimeMs >= this.trustedBefore) return undefined;
    this.seen.set(file, entry);
    return entry[5];
  }

  /** The key `file` hashed to, with its stat taken before it was read (a change after that is then never trusted). */
  record(file: string, stat: fs.Stats, key: string): void {
    this.readAgain = true;
    if (stat.isFile()) this.seen.set(file, [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, stat.dev, key]);
  }

  /** Whether the record on disk is out of date: a file was read, one recorded is gone, or the suite is another. */
  get changed(): boolean {
    return this.readAgain || this.seen.size !== this.recorded.size || this.suite !== this.recordedSuite;
  }

  toJSON(): RecordedStats {
    return {
      format: FORMAT,
      trustedBefore: this.started - this.margin,
      files: Object.fromEntries(this.seen),
      ...(this.suite !== undefined ? { suite: this.suite } : {}),
    };
  }
}

function sameStat([size, mtimeMs, ctimeMs, ino, dev]: Entry, stat: fs.Stats): boolean {
  return stat.size === size && stat.mtimeMs === mtimeMs && stat.ctimeMs === ctimeMs && stat.ino === ino && stat.dev === dev;
}

function isRecordedStats(value: unknown): value is RecordedStats {
  const stats = value as RecordedStats | undefined;
  return (
    stats?.format === FORMAT &&
    typeof stats.trustedBefore === 'number' &&
    typeof stats.files === 'object' &&
    stats.files !== null &&
    (stats.suite === undefined || typeof stats.suite === 'string') &&
    Object.values(stats.files).every((entry) => Array.isArray(entry) && entry.length === 6 && typeof entry[5] === 'string')
  );
}
