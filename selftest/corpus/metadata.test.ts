/**
 * Microsoft's real metadata (../shared/corpus/graph-metadata, not shipped to users): the v1.0 CSDL of
 * 2021-07-13 and of 2026-07-31 read quickly and completely, every property type resolved to a declared
 * type whatever alias spells it (the 2026 file writes hundreds through `self.` and `graph.`), and the
 * property types of the two compared after normalisation: spellings and properties moved to a base
 * type are no differences; what remains are the real changes. Prints the numbers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { findType } from '../../src/metadata/lookup';
import type { MetadataModel, StructuredType } from '../../src/metadata/model';
import { readRawDocument } from '../../src/metadata/rawCsdl';
import { readMetadata } from '../../src/metadata/readMetadata';
import { resolvePath } from '../../src/metadata/resolvePath';
import { PROJECT_ROOT } from '../../src/core/projectRoot';

const METADATA = path.resolve(PROJECT_ROOT, '..', 'shared', 'corpus', 'graph-metadata');
const FILES = { 2021: 'v1.0-2021-07-13.xml', 2026: 'v1.0-Prod-2026-07-31.csdl' };

test.skip(!fs.existsSync(METADATA), `Microsoft's metadata is not in this checkout (${METADATA}): nothing to measure`);

const read = (file: string) => {
  const text = fs.readFileSync(path.join(METADATA, file), 'utf8');
  const started = performance.now();
  const model = readMetadata([{ name: file, text }]);
  return { text, model, seconds: (performance.now() - started) / 1000 };
};

const structured = (model: MetadataModel) =>
  [...model.types.values()].filter((type): type is StructuredType => type.kind === 'entity' || type.kind === 'complex');

test('both files read in seconds, every property type declared or Edm, whatever alias spells it', async ({}, testInfo) => {
  const lines: string[] = [];
  for (const file of Object.values(FILES)) {
    const { text, model, seconds } = read(file);
    const raw = readRawDocument(file, text);
    const written = raw.schemas.flatMap((schema) => schema.types.flatMap((type) => type.properties.map((property) => property.type)));
    const throughAlias = written.filter((type) => [...model.aliases.keys()].includes(type.slice(0, type.lastIndexOf('.'))));
    const undeclared = structured(model).flatMap((type) =>
      [...type.properties.values(), ...type.navigationProperties.values()]
        .filter((property) => !property.type.startsWith('Edm.') && !findType(model, property.type))
        .map((property) => `${type.qualifiedName}/${property.name}: ${property.type}`),
    );
    lines.push(
      `${file}: ${model.types.size} types, ${written.length} property types written, ${throughAlias.length} through an alias, read in ${seconds.toFixed(2)} s`,
    );
    expect(seconds, 'well under the 30 s budget of docs:check').toBeLessThan(10);
    expect(undeclared, 'property types that resolve to nothing').toEqual([]);
    expect(throughAlias.length).toBeGreaterThan(1000);
  }
  await testInfo.attach('metadata', { body: lines.join('\n'), contentType: 'text/plain' });
  console.log(lines.join('\n'));
});

test('2026 against 2021: aliases (`self.alert…`) and properties moved to a base type are no differences; two real changes remain', async ({}, testInfo) => {
  const old = read(FILES[2021]).model;
  const now = read(FILES[2026]);
  // The security namespace is written through its alias `self` in 2026: one type either way.
  expect(findType(now.model, 'self.alert')).toBe(findType(now.model, 'microsoft.graph.security.alert'));
  expect((findType(now.model, 'microsoft.graph.security.alert') as StructuredType).properties.get('severity')?.type).toBe(
    'microsoft.graph.security.alertSeverity',
  );
  const security = resolvePath(now.model, '/security/alerts_v2/{id}');
  expect(security.resolved && security.type).toBe('microsoft.graph.security.alert');

  let compared = 0;
  const changed: string[] = [];
  const moved: string[] = [];
  for (const type of structured(old)) {
    const other = findType(now.model, type.qualifiedName) as StructuredType | undefined;
    if (!other?.properties) continue;
    for (const property of [...type.properties.values(), ...type.navigationProperties.values()]) {
      if (property.declaredBy !== type.qualifiedName) continue;
      const again = other.properties.get(property.name) ?? other.navigationProperties.get(property.name);
      if (!again) continue;
      compared++;
      if (again.declaredBy !== property.declaredBy) moved.push(`${type.name}.${property.name} → ${again.declaredBy}`);
      if (again.type !== property.type || again.collection !== property.collection) {
        changed.push(
          `${type.qualifiedName}/${property.name}: ${property.collection ? 'Collection of ' : ''}${property.type} → ${again.collection ? 'Collection of ' : ''}${again.type}`,
        );
      }
    }
  }
  const summary = [
    `${compared} properties in both, ${moved.length} moved to a base type (still there, flattened), ${changed.length} typed otherwise:`,
    ...changed,
  ];
  await testInfo.attach('2021 → 2026', { body: summary.join('\n'), contentType: 'text/plain' });
  console.log(summary.join('\n'));
  expect(compared).toBeGreaterThan(5000);
  expect(moved.length).toBeGreaterThan(10);
  expect(changed.sort()).toEqual([
    'microsoft.graph.fido2AuthenticationMethodConfiguration/includeTargets: Collection of microsoft.graph.authenticationMethodTarget → Collection of microsoft.graph.passkeyAuthenticationMethodTarget',
    'microsoft.graph.user/insights: microsoft.graph.officeGraphInsights → microsoft.graph.itemInsights',
  ]);
});
