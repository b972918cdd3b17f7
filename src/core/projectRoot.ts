/** The project's folder (where package.json is), for the files the suite ships: contracts/, reports/, package.json. */
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
