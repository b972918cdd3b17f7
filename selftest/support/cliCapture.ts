/**
 * A command's `main` run in-process, as its tests call it: what it prints to the console kept (and not
 * shown), and a fresh folder for the file it writes, removed after each test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@playwright/test';

export interface Captured {
  /** Where the command writes its report (in a folder of the test's own). */
  out: string;
  /** The lines it printed (console.log and console.error). */
  logged: string[];
}

/** Installs the capture for every test of the calling describe block; read it in a test, after `main` ran. */
export function captureCommand(prefix: string, file: string): Captured {
  const captured: Captured = { out: '', logged: [] };
  const original = { log: console.log, error: console.error };
  test.beforeEach(() => {
    captured.out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), file);
    captured.logged = [];
    console.log = (...args: unknown[]) => void captured.logged.push(args.join(' '));
    console.error = (...args: unknown[]) => void captured.logged.push(args.join(' '));
  });
  test.afterEach(() => {
    Object.assign(console, original);
    fs.rmSync(path.dirname(captured.out), { recursive: true, force: true });
  });
  return captured;
}
