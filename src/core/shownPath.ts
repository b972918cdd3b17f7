import path from 'node:path';

/** A path as the user would type it: relative inside the current folder, absolute elsewhere. */
export const shownPath = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
};
