/**
 * Which service metadata a run holds responses to (METADATA), found once by the runner before any test:
 * `auto` asks the target for `{BASE_URL}/$metadata` with the run's token; files and URLs are read as one
 * document. The texts are kept on disk by their content (a SHA-256), and the workers are told where in an
 * environment variable, so that each reads (and parses) them only when a test first needs them. A
 * service without `$metadata` is a note, not a failure.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MetadataSetting, Settings } from '../config';
import { METADATA_CACHE, metadataBytes, type MetadataInUse } from '../core/metadataInUse';
import { TargetError } from './errors';
import type { Session } from './session';

/** A CSDL document in XML or JSON, by its first character: a 200 answer of HTML is not metadata. */
const looksLikeCsdl = (text: string) => /^\s*[<{]/.test(text) && !/^\s*<!doctype html|^\s*<html/i.test(text);

/** Reads the texts the setting names; `auto` asks the target (with the token, which goes nowhere else). */
async function readTexts(setting: MetadataSetting, settings: Settings, session: Session): Promise<{ name: string; text: string }[]> {
  if (setting.kind === 'off') return [];
  const sources = setting.kind === 'auto' ? [`${settings.baseURL}/$metadata`] : setting.sources;
  const texts: { name: string; text: string }[] = [];
  for (const source of sources) {
    if (!/^https?:\/\//i.test(source)) {
      texts.push({ name: source, text: fs.readFileSync(source, 'utf8') });
      continue;
    }
    const response = await session.exchange(
      session.prepare({ method: 'GET', url: source, headers: { accept: 'application/xml' }, authorize: session.sameOrigin(source) }),
      { step: (_title, body) => body() },
    );
    const what = `GET ${source} answered ${response.status} ${response.statusText}`.trim();
    if (response.status !== 200) throw new MetadataMissing(what);
    if (response.truncated) throw new MetadataMissing(`${what}, longer than MAX_BODY_BYTES (${response.size} bytes): raise MAX_BODY_BYTES`);
    if (!looksLikeCsdl(response.body))
      throw new MetadataMissing(`${what} with a body that is no CSDL (${response.headers['content-type'] ?? 'no content type'})`);
    texts.push({ name: source, text: response.body });
  }
  return texts;
}

class MetadataMissing extends TargetError {}

export async function findMetadata(settings: Settings, session: Session): Promise<MetadataInUse> {
  const setting = settings.metadata;
  if (setting.kind === 'off') return { source: 'none', note: 'METADATA=off: responses are held to the pages only, with no verdicts' };
  const source = setting.kind === 'auto' ? `GET ${settings.baseURL}/$metadata` : setting.sources.join(', ');
  let texts: { name: string; text: string }[];
  try {
    texts = await readTexts(setting, settings, session);
  } catch (error) {
    // A service may have no $metadata: the run goes on with two witnesses, and says so.
    if (setting.kind === 'auto' && error instanceof TargetError)
      return {
        source,
        note: `no service metadata: ${session.redact(error.message)}; responses are held to the pages only, with no verdicts`,
      };
    throw error;
  }
  const json = JSON.stringify(texts);
  const sha256 = createHash('sha256').update(json).digest('hex');
  const file = path.join(METADATA_CACHE, `${sha256}.json`);
  // Written here, not with writeAtomically: the workers need this file, so a failed write stops the run.
  if (!fs.existsSync(file)) {
    fs.mkdirSync(METADATA_CACHE, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, json);
    fs.renameSync(temporary, file);
  }
  return { source, file, bytes: metadataBytes(texts), sha256 };
}
