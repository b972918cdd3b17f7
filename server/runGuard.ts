/**
 * One run, one reference server. Two runs on one machine must not share REFERENCE_PORT (the second
 * would test the first one's server and report its result): playwright.config.ts gives each run a free
 * port and a nonce, the server returns the nonce from /health, and the global setup (`verifyOwnServer`,
 * the default export) checks it before the first test and keeps checking that the server is there.
 *
 * playwright.config.ts is evaluated in the runner and again in every worker; workers inherit the
 * runner's process.env, so values are chosen only when not yet set there.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { stopRun } from '../src/config';

/** A port free right now, chosen synchronously (a config file cannot await). */
export function pickFreePortSync(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

/** Sets REFERENCE_PORT (when unset) and REFERENCE_NONCE (when unset) for this run and its workers. */
export function claimRunServer(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.REFERENCE_PORT?.trim()) env.REFERENCE_PORT = String(pickFreePortSync());
  if (!env.REFERENCE_NONCE?.trim()) env.REFERENCE_NONCE = randomUUID();
}

/** The nonce /health returns, or why there is none. */
async function healthNonce(url: string): Promise<{ nonce?: string; unreachable?: boolean; problem?: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json().catch(() => undefined)) as { nonce?: unknown } | undefined;
    return typeof body?.nonce === 'string' ? { nonce: body.nonce } : { problem: 'its /health gives no nonce' };
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    return code === 'ECONNREFUSED' ? { unreachable: true, problem: 'nothing listens there any more' } : { problem: `its /health does not answer (${code ?? (error as Error).name})` };
  }
}

/** How often the run checks that its server is still there. */
const WATCH_MS = 2000;

export default async function verifyOwnServer(): Promise<() => void> {
  const port = process.env.REFERENCE_PORT;
  const expected = process.env.REFERENCE_NONCE;
  const url = `http://127.0.0.1:${port}/health`;
  const first = await healthNonce(url);
  if (first.nonce !== expected) {
    stopRun(`the reference server on port ${port} is not this run's (${first.problem ?? 'another nonce'}): another run may be using the port; unset REFERENCE_PORT to get a free one`);
  }
  // A server that dies during the run stops it (its own last words are on the webServer output).
  let stopped = false;
  const timer = setInterval(() => {
    void healthNonce(url).then((now) => {
      if (stopped) return;
      if (now.unreachable) stopRun(`the reference server on port ${port} stopped during the run; its output above says why`);
      if (now.nonce !== undefined && now.nonce !== expected) stopRun(`another server took port ${port} during the run`);
    });
  }, WATCH_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
