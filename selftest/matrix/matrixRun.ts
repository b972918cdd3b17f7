/** Where the matrix's one child run is configured and writes its reports, for the setup and the matrix tests. */
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';

export const MATRIX_RUN_CONFIG = path.join(__dirname, 'suite', 'matrix.config.ts');
export const MATRIX_RUN_DIR = path.join(PROJECT_ROOT, 'reports', 'selftest', 'matrix-run');
