/**
 * Where a folder of pages keeps its service's CSDL, by convention: `<folder>/metadata/`, every file
 * ending in `.xml`, `.csdl` or `.json`, read as one document. Pages are `*.md`: nothing here is a page.
 */
import fs from 'node:fs';
import path from 'node:path';

export const METADATA_FOLDER = 'metadata';
const CSDL_FILE = /\.(xml|csdl|json)$/i;

/** The CSDL files of `<folder>/metadata/`, sorted; none when there is no such folder. */
export function folderMetadata(dir: string): string[] {
  const folder = path.join(dir, METADATA_FOLDER);
  try {
    return fs
      .readdirSync(folder)
      .filter((name) => CSDL_FILE.test(name))
      .sort()
      .map((name) => path.join(folder, name));
  } catch {
    return [];
  }
}
