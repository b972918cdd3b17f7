/**
 * The CSDL a folder's pages imply (src/impliedMetadata): written from the page model, read back by the
 * project's own metadata reader, its types are the pages' types and every documented path resolves; the
 * documented responses keep it.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { buildSuite, loadContracts } from '../../src/contracts/loadContracts';
import { parsePage } from '../../src/docs/parsePage';
import { impliedCsdl } from '../../src/impliedMetadata/impliedCsdl';
import { findStructuredType, findType } from '../../src/metadata/lookup';
import { readMetadata } from '../../src/metadata/readMetadata';
import { resolvePath } from '../../src/metadata/resolvePath';
import { MetadataSchemaStore } from '../../src/schema/metadataSchemas';
import { describeSchemaErrors } from '../../src/schema/describeErrors';

const ROOT = path.join(__dirname, '..', '..');
const implied = (dir: string) => {
  const suite = loadContracts(path.join(ROOT, dir));
  return { suite, xml: impliedCsdl(suite), model: readMetadata([{ name: `${dir}.xml`, text: impliedCsdl(suite) }]) };
};
const unresolved = ({ suite, model }: ReturnType<typeof implied>) =>
  suite.pages.flatMap((page) =>
    page.templates.flatMap((template) => {
      const resolution = resolvePath(model, template.path);
      return resolution.resolved ? [] : [`${page.file}: ${template.method} ${template.path}: ${resolution.reason}`];
    }),
  );

test('the seed pages: their types read back, every documented path resolves', () => {
  const seeds = implied('contracts');
  expect(seeds.xml).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\n/);
  const profile = findStructuredType(seeds.model, 'microsoft.graph.ipSecurityProfile')!;
  expect(profile).toMatchObject({ kind: 'entity', key: ['id'] });
  expect(profile.properties.get('countHits')).toMatchObject({ type: 'Edm.Int32', collection: false, nullable: true });
  expect(profile.properties.get('tags')).toMatchObject({ type: 'Edm.String', collection: true });
  expect(profile.properties.get('ipCategories')).toMatchObject({ type: 'microsoft.graph.ipCategory', collection: true });
  expect(profile.properties.get('firstSeenDateTime')?.type).toBe('Edm.DateTimeOffset');
  expect(findType(seeds.model, 'graph.ipCategory')).toBeUndefined(); // no alias: one namespace, written in full
  expect(findType(seeds.model, 'microsoft.graph.ipCategory')?.kind).toBe('complex');
  expect(unresolved(seeds)).toEqual([]);
  expect(resolvePath(seeds.model, '/Security/ipSecurityProfiles')).toMatchObject({
    resolved: true,
    addresses: 'collection',
    type: 'microsoft.graph.ipSecurityProfile',
  });
  expect(resolvePath(seeds.model, '/Security/ipSecurityProfiles/{id}')).toMatchObject({ resolved: true, addresses: 'entity' });
  expect(resolvePath(seeds.model, '/Security/nothing')).toMatchObject({ resolved: false, segment: 1 });
});

test('the seeds’ documented responses keep the metadata their pages imply', () => {
  const { suite, model } = implied('contracts');
  const store = new MetadataSchemaStore(model);
  const broken = suite.examples.flatMap((example) => {
    const result = store.validate(`microsoft.graph.${example.expected.type}`, example.expected.example);
    return result.valid ? [] : describeSchemaErrors(result.errors).map((error) => `${example.title}: ${error}`);
  });
  expect(broken).toEqual([]);
});

test('operations: functions with parameters, actions, singletons, navigation, $ref and $value resolve', () => {
  const operations = implied('fixtures/pages/operations');
  expect(unresolved(operations)).toEqual([]);
  expect(unresolved(implied('fixtures/pages/documented'))).toEqual([]);
  const cancel = resolvePath(operations.model, '/me/events/{id}/cancel');
  expect(cancel).toMatchObject({ resolved: true, addresses: 'operation', operation: { kind: 'action', name: 'cancel' } });
  const filter = resolvePath(operations.model, "/identityGovernance/accessReviews/definitions/filterByCurrentUser(on='reviewer')");
  expect(filter).toMatchObject({ resolved: true, operation: { kind: 'function' } });
});

test('base types from "Inherits from", enums with their members, types no page describes', () => {
  const page = (file: string, text: string) => parsePage(text, file);
  const suite = buildSuite('/pages', [
    page(
      'resources/thing.md',
      '# thing resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Id.|\n|label|String|Label.|\n',
    ),
    page(
      'resources/widget.md',
      '# widget resource type\n\nInherits from [thing](thing.md).\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Id.|\n|label|String|Label.|\n|size|Int64|Size.|\n|color|[color](color.md)|Colour.|\n|maker|[maker](maker.md)|Who made it.|\n\n### color values\n\n|Member|\n|:--|\n|red|\n|green|\n',
    ),
  ]);
  const model = readMetadata([{ name: 'implied.xml', text: impliedCsdl(suite, { namespace: 'test.ns' }) }]);
  const widget = findStructuredType(model, 'test.ns.widget')!;
  expect(widget).toMatchObject({ kind: 'entity', baseType: 'test.ns.thing', key: ['id'] });
  expect(widget.properties.get('label')?.declaredBy).toBe('test.ns.thing'); // declared once, on the base
  expect(widget.properties.get('size')?.type).toBe('Edm.Int64');
  expect(findType(model, 'test.ns.color')).toMatchObject({ kind: 'enum', members: [{ name: 'red' }, { name: 'green' }] });
  expect(findType(model, 'test.ns.maker')).toMatchObject({ kind: 'complex', openType: true });
});
