/** The metadata model kept as bytes (for workers restarted after a failure): read back, it says what the CSDL says. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../src/core/projectRoot';
import { mergeCsdlXml } from '../../src/metadata/mergeCsdl';
import { modelFromBytes, modelToBytes } from '../../src/metadata/modelBytes';
import { readMetadata } from '../../src/metadata/readMetadata';
import { resolvePath } from '../../src/metadata/resolvePath';

const folder = path.join(PROJECT_ROOT, 'contracts', 'metadata');
const documents = fs
  .readdirSync(folder)
  .filter((name) => name.endsWith('.xml'))
  .map((name) => ({ name, text: fs.readFileSync(path.join(folder, name), 'utf8') }));

test("read back from its bytes, the seeds' metadata resolves, types and revises as read from the CSDL", () => {
  const model = readMetadata(documents);
  const back = modelFromBytes(modelToBytes(model))!;
  expect(back.types).toEqual(model.types);
  for (const documented of ['/Security/ipSecurityProfiles', '/Security/ipSecurityProfiles/{id}', '/Security/nothingHere'])
    expect(resolvePath(back, documented)).toEqual(resolvePath(model, documented));
  expect(readMetadata([{ name: 'merged.xml', text: mergeCsdlXml(documents) }]).types).toEqual(model.types);
});

test('bytes of another format, or no model at all, read as nothing (the CSDL is read again)', () => {
  expect(modelFromBytes(Buffer.from('not v8'))).toBeUndefined();
  expect(modelFromBytes(Buffer.from(new Uint8Array([0xff, 0x0f, 0x22, 0x00])))).toBeUndefined();
});
