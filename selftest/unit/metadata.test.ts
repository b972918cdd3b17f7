/**
 * The metadata reader (src/metadata): CSDL XML and JSON read as one model, aliases resolved document-wide,
 * inheritance flattened, annotations found where they live (another file), and documented paths walked
 * through entity sets, singletons, navigation, casts and bound operations. A small hand-written service
 * (fixtures/metadata/widgets*.xml, widgets.json) shows each rule; each rule also fails where it must.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { findPageType, findStructuredType, findType, derivesFrom } from '../../src/metadata/lookup';
import { MetadataError, type StructuredType } from '../../src/metadata/model';
import { readMetadata } from '../../src/metadata/readMetadata';
import { resolvePath, type PathResolution } from '../../src/metadata/resolvePath';
import { revisionStatus } from '../../src/metadata/revisions';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'metadata');
const source = (name: string) => ({ name, text: fs.readFileSync(path.join(FIXTURES, name), 'utf8') });
const model = readMetadata([source('widgets.xml'), source('widgets-annotations.xml')]);
const widget = findStructuredType(model, 'test.ns.widget')!;

test.describe('reading CSDL XML', () => {
  test('one type whatever the spelling: alias, namespace, case, a leading #', () => {
    for (const name of ['t.widget', 'test.ns.widget', '#TEST.NS.Widget', 'T.WIDGET']) expect(findType(model, name), name).toBe(widget);
    expect(findType(model, 'self.alert')?.qualifiedName).toBe('test.ns.security.alert');
    expect(findType(model, 'other.widget')).toBeUndefined();
    // Property types are qualified as declared, whatever alias the document used.
    expect(widget.properties.get('status')).toMatchObject({ type: 'test.ns.status', collection: false });
    expect(widget.properties.get('alert')).toMatchObject({ type: 'test.ns.security.alert' });
    expect(widget.properties.get('parts')).toMatchObject({ type: 'test.ns.part', collection: true });
    expect(widget.properties.get('size')).toMatchObject({ type: 'Edm.Int64', nullable: true });
  });

  test('the type a page names: by namespace when given, else by simple name, microsoft.graph first', () => {
    expect(findPageType(model, 'widget')?.type).toBe(widget);
    expect(findPageType(model, 'alert', 'test.ns.security')?.type.qualifiedName).toBe('test.ns.security.alert');
    expect(findPageType(model, 'nothing')).toBeUndefined();
    const twice = readMetadata([
      {
        name: 'two.xml',
        text: `<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
          <Schema Namespace="microsoft.graph.security" xmlns="http://docs.oasis-open.org/odata/ns/edm"><ComplexType Name="alert" /></Schema>
          <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm"><EntityType Name="alert" /></Schema>
        </edmx:DataServices></edmx:Edmx>`,
      },
    ]);
    expect(findPageType(twice, 'alert')).toMatchObject({
      type: { qualifiedName: 'microsoft.graph.alert' },
      alsoIn: ['microsoft.graph.security.alert'],
    });
    expect(findPageType(twice, 'alert', 'microsoft.graph.security')?.type.qualifiedName).toBe('microsoft.graph.security.alert');
  });

  test('inheritance flattened: a base type’s properties and key are the derived type’s, base first', () => {
    expect([...widget.properties.keys()].slice(0, 2)).toEqual(['id', 'name']);
    expect(widget.properties.get('id')).toMatchObject({ declaredBy: 'test.ns.entity', nullable: false });
    expect(widget.key).toEqual(['id']);
    const gadget = findStructuredType(model, 't.gadget')!;
    expect(gadget.properties.get('name')?.declaredBy).toBe('test.ns.widget');
    expect(gadget.navigationProperties.get('children')).toMatchObject({ type: 'test.ns.widget', collection: true, containsTarget: true });
    expect(gadget.openType).toBe(true);
    expect(widget.derivedTypes).toEqual(['test.ns.gadget']);
    expect(derivesFrom(model, 't.gadget', 'test.ns.entity')).toBe(true);
    expect(derivesFrom(model, 't.widget', 't.gadget')).toBe(false);
    // An alias used for the base type in another schema (`graph.entity` is no alias here): the chain just ends.
    expect(findStructuredType(model, 't.person')?.properties.has('id')).toBe(false);
  });

  test('enums, flags, open and abstract types, nullability as declared', () => {
    expect(findType(model, 't.status')).toMatchObject({
      kind: 'enum',
      isFlags: false,
      members: [
        { name: 'active', value: 0 },
        { name: 'retired', value: 1 },
        { name: 'unknownFutureValue', value: 2 },
      ],
    });
    expect(findType(model, 't.features')).toMatchObject({ kind: 'enum', isFlags: true });
    expect(widget).toMatchObject({ kind: 'entity', openType: true, abstract: false, baseType: 'test.ns.entity' });
    expect(findType(model, 't.entity')).toMatchObject({ abstract: true });
    expect(findType(model, 't.heavyPart')).toMatchObject({ kind: 'complex', baseType: 'test.ns.part' });
    expect(widget.properties.get('name')?.nullable).toBe(false);
    expect(widget.properties.get('createdDateTime')?.nullable).toBe(true);
  });

  test('annotations in another file than their targets, term aliases resolved', () => {
    expect(widget.annotations.revisions).toEqual([
      { kind: 'Deprecated', date: '2024-04-10', removalDate: '2026-04-10', description: 'Widgets are deprecated; use gadgets.' },
    ]);
    expect(widget.properties.get('createdDateTime')?.annotations.computed).toBe(true);
    expect(widget.properties.get('name')?.annotations.computed).toBeUndefined();
    expect(model.container?.children.get('widgets')?.annotations.capabilities).toEqual({ insertable: false, deletable: false });
    const [cancel] = model.operations.get('test.ns.cancel')!;
    expect(cancel).toMatchObject({
      kind: 'action',
      bound: true,
      binding: { type: 'test.ns.widget' },
      parameters: [{ name: 'reason', type: 'Edm.String' }],
    });
    expect(cancel.annotations.revisions).toEqual([{ kind: 'Retired', date: '2025-01-01' }]);
    // Read alone, the types carry none of it.
    const alone = readMetadata([source('widgets.xml')]);
    expect(findType(alone, 't.widget')?.annotations.revisions).toBeUndefined();
  });

  test('bound and unbound operations, the container', () => {
    expect(model.operations.get('test.ns.delta')?.[0]).toMatchObject({
      kind: 'function',
      binding: { collection: true },
      returnType: { type: 'test.ns.widget', collection: true },
    });
    expect(model.boundOperations.get('filterby')?.[0].parameters).toMatchObject([{ name: 'on', nullable: false }]);
    expect(model.container).toMatchObject({ name: 'Service', qualifiedName: 'test.ns.Service' });
    expect(model.container?.children.get('me')).toMatchObject({ kind: 'singleton', type: 'test.ns.person', target: 'test.ns.Service/me' });
  });

  test('a document that is not CSDL: one line naming it and where', () => {
    const bad = (text: string) => () => readMetadata([{ name: 'bad.xml', text }]);
    expect(bad('<edmx:Edmx><edmx:DataServices></edmx:Edmx>')).toThrow(MetadataError);
    expect(bad('<edmx:Edmx>\n<edmx:DataServices></edmx:Edmx>')).toThrow(/^bad\.xml: not well-formed XML at line 2, column \d+: /);
    expect(bad('<html><body>Sign in</body></html>')).toThrow('bad.xml: not a CSDL document (no edmx:Edmx root element, nor CSDL JSON)');
    expect(bad('{"value": []}')).toThrow('bad.xml: not a CSDL JSON document (no "$Version" member)');
    expect(bad('{"$Version": ')).toThrow(/^bad\.xml: not valid JSON: /);
    expect(() => readMetadata([])).toThrow('no metadata document to read');
  });
});

test.describe('reading CSDL JSON', () => {
  const json = readMetadata([source('widgets.json')]);
  const jsonWidget = findStructuredType(json, 'test.ns.widget')!;

  test('the same model as the XML where the documents say the same', () => {
    expect(jsonWidget).toMatchObject({ kind: 'entity', openType: true, baseType: 'test.ns.entity', key: ['id'] });
    expect(jsonWidget.properties.get('id')).toMatchObject({ type: 'Edm.String', nullable: false, declaredBy: 'test.ns.entity' });
    expect(jsonWidget.properties.get('status')).toMatchObject({ type: 'test.ns.status', nullable: true });
    expect(jsonWidget.properties.get('tags')).toMatchObject({ type: 'Edm.String', collection: true });
    expect(jsonWidget.navigationProperties.get('owner')).toMatchObject({ type: 'test.ns.person' });
    expect(findType(json, 't.features')).toMatchObject({
      kind: 'enum',
      isFlags: true,
      members: [{ name: 'none' }, { name: 'wheels' }, { name: 'wings' }],
    });
    expect(json.operations.get('test.ns.delta')?.[0]).toMatchObject({ binding: { type: 'test.ns.widget', collection: true } });
  });

  test('JSON’s own defaults: no $Type is Edm.String, no $Nullable is not nullable', () => {
    expect(jsonWidget.properties.get('name')).toMatchObject({ type: 'Edm.String', nullable: false });
    expect(jsonWidget.properties.get('size')?.nullable).toBe(true);
  });

  test('annotations inline (@Core.Computed) and in $Annotations, with term aliases', () => {
    expect(jsonWidget.properties.get('createdDateTime')?.annotations.computed).toBe(true);
    expect(jsonWidget.annotations.description).toBe('A widget.');
    expect(findStructuredType(json, 't.person')?.properties.get('displayName')?.annotations.computed).toBe(true);
    expect(json.container?.children.get('widgets')?.annotations.capabilities).toEqual({ insertable: false });
  });

  test('JSON types with XML annotations: several documents are one', () => {
    const mixed = readMetadata([source('widgets.json'), source('widgets-annotations.xml')]);
    expect(findType(mixed, 'test.ns.widget')?.annotations.revisions?.[0]).toMatchObject({ kind: 'Deprecated', removalDate: '2026-04-10' });
  });
});

test.describe('resolvePath', () => {
  const ok = (resolution: PathResolution) => {
    if (!resolution.resolved) throw new Error(`did not resolve: ${resolution.reason}`);
    return resolution;
  };
  const why = (resolution: PathResolution) => (resolution.resolved ? 'resolved' : `${resolution.segment}: ${resolution.reason}`);

  test('entity sets, keys, properties, navigation: what the path addresses', () => {
    expect(ok(resolvePath(model, '/widgets'))).toMatchObject({ addresses: 'collection', type: 'test.ns.widget', collection: true });
    expect(ok(resolvePath(model, '/widgets/{widget-id}'))).toMatchObject({
      addresses: 'entity',
      type: 'test.ns.widget',
      collection: false,
    });
    expect(ok(resolvePath(model, "/widgets('abc')/parts"))).toMatchObject({ addresses: 'complex', type: 'test.ns.part', collection: true });
    expect(ok(resolvePath(model, '/widgets/{id}/children/{id}/owner'))).toMatchObject({ addresses: 'entity', type: 'test.ns.person' });
    expect(ok(resolvePath(model, '/me/widgets'))).toMatchObject({ addresses: 'collection' });
    expect(ok(resolvePath(model, ['me', 'displayName']))).toMatchObject({ addresses: 'primitive', type: 'Edm.String' });
    // Paths are case-insensitive, as the service treats them; a query string is not part of the path.
    expect(ok(resolvePath(model, '/WIDGETS/{id}/PARTS?$top=1'))).toMatchObject({ type: 'test.ns.part' });
    expect(ok(resolvePath(model, '/widgets/{id}')).segments.map((s) => s.kind)).toEqual(['entity-set', 'key']);
  });

  test('casts, bound actions and functions with their parameters, $ref, $value, $count', () => {
    expect(ok(resolvePath(model, '/widgets/test.ns.gadget'))).toMatchObject({ type: 'test.ns.gadget', collection: true });
    expect(ok(resolvePath(model, '/widgets/{id}/t.gadget/battery'))).toMatchObject({ type: 'Edm.Int32' });
    const cancel = ok(resolvePath(model, '/widgets/{id}/cancel'));
    expect(cancel).toMatchObject({ addresses: 'operation', operation: { qualifiedName: 'test.ns.cancel' } });
    expect(ok(resolvePath(model, '/widgets/{id}/test.ns.cancel')).operation?.name).toBe('cancel');
    expect(ok(resolvePath(model, '/widgets/delta()'))).toMatchObject({ addresses: 'operation', type: 'test.ns.widget', collection: true });
    expect(ok(resolvePath(model, '/me/widgets/delta'))).toMatchObject({ operation: { name: 'delta' } });
    expect(ok(resolvePath(model, "/widgets/filterBy(on='mine')")).operation?.name).toBe('filterBy');
    expect(ok(resolvePath(model, '/widgets/{id}/owner/$ref'))).toMatchObject({ addresses: 'reference' });
    expect(ok(resolvePath(model, '/widgets/{id}/name/$value'))).toMatchObject({ addresses: 'value' });
    expect(ok(resolvePath(model, '/widgets/$count'))).toMatchObject({ addresses: 'count', type: 'Edm.Int32' });
    expect(ok(resolvePath(model, '/me/root:/a/b.txt:/parts'))).toMatchObject({ type: 'test.ns.part' });
  });

  test('what does not resolve: which segment, and why', () => {
    expect(why(resolvePath(model, '/gadgets'))).toBe(
      '0: the entity container Service has no entity set, singleton or operation import "gadgets"',
    );
    expect(why(resolvePath(model, '/widgets/{id}/colour'))).toBe(
      '2: widget has no property, navigation property or bound operation "colour"',
    );
    expect(why(resolvePath(model, '/me/cancel'))).toBe('1: action cancel is bound to widget, not to person');
    expect(why(resolvePath(model, '/widgets/cancel'))).toBe('1: action cancel is bound to widget, not to a collection of widget');
    expect(why(resolvePath(model, "/widgets/filterBy(off='x')"))).toBe(
      '1: no overload of filterBy bound to widget takes the parameters off',
    );
    expect(why(resolvePath(model, '/widgets/{id}/cancel/more'))).toBe('3: nothing follows an action (cancel) in a path');
    expect(why(resolvePath(model, '/widgets/{id}/name/length'))).toBe('3: Edm.String is primitive values: "length" cannot follow');
    expect(why(resolvePath(model, '/widgets/{id}/$count'))).toBe('2: $count needs a collection; widget is a single value here');
    expect(why(resolvePath(model, '/widgets/{id}/alert/x/y'))).toBe('3: alert has no property, navigation property or bound operation "x"');
  });

  test('the capabilities that apply: of the set or navigation property gone through last', () => {
    expect(ok(resolvePath(model, '/widgets')).capabilities).toEqual({ insertable: false, deletable: false });
    expect(ok(resolvePath(model, '/widgets/{id}')).capabilities).toEqual({ insertable: false, deletable: false });
    expect(ok(resolvePath(model, '/me/widgets/{id}')).capabilities).toEqual({ updateMethods: ['PUT'] });
    expect(ok(resolvePath(model, '/me')).capabilities).toEqual({});
    expect(ok(resolvePath(model, '/widgets/{id}/cancel')).capabilities).toEqual({});
  });

  test('the revisions along the path: of the types, operations and sets it goes through', () => {
    const revisions = (p: string) =>
      ok(resolvePath(model, p)).revisions.map((r) => `${r.element} ${r.revision.kind} ${r.revision.removalDate ?? ''}`.trim());
    expect(revisions('/widgets/{id}')).toEqual(['test.ns.widget Deprecated 2026-04-10']);
    expect(revisions('/widgets/{id}/cancel')).toEqual(['test.ns.widget Deprecated 2026-04-10', 'test.ns.cancel Retired']);
    expect(revisions('/me')).toEqual([]);
  });

  test('a type the metadata does not declare ends the walk there', () => {
    const partial = readMetadata([
      {
        name: 'partial.xml',
        text: `<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
          <Schema Namespace="n" xmlns="http://docs.oasis-open.org/odata/ns/edm"><EntityType Name="root"><NavigationProperty Name="alerts" Type="Collection(n.alert)" /></EntityType>
          <EntityContainer Name="c"><Singleton Name="security" Type="n.root" /></EntityContainer></Schema>
        </edmx:DataServices></edmx:Edmx>`,
      },
    ]);
    expect(ok(resolvePath(partial, '/security/alerts/{id}'))).toMatchObject({ type: 'n.alert', addresses: 'entity' });
    expect(why(resolvePath(partial, '/security/alerts/{id}/comments'))).toBe(
      '3: n.alert is not declared in the metadata, so "comments" cannot be looked up',
    );
  });
});

test('a structured type is found only as one', () => {
  expect(findStructuredType(model, 't.status')).toBeUndefined();
  expect((findType(model, 't.part') as StructuredType).properties.size).toBe(2);
});

test('a path’s revisions on a day: deprecated, then retired once the removal date has come', () => {
  const resolution = resolvePath(model, '/widgets/{id}');
  const revisions = resolution.resolved ? resolution.revisions : [];
  expect(revisionStatus(revisions, '2025-06-01')).toEqual({
    deprecated: true,
    retired: false,
    removalDate: '2026-04-10',
    element: 'test.ns.widget',
    description: 'Widgets are deprecated; use gadgets.',
  });
  expect(revisionStatus(revisions, '2026-04-10')).toMatchObject({ deprecated: true, retired: true });
  const retired = resolvePath(model, '/widgets/{id}/cancel');
  expect(revisionStatus(retired.resolved ? retired.revisions : [], '2020-01-01')).toMatchObject({
    retired: true,
    element: 'test.ns.cancel',
  });
  expect(revisionStatus([], '2026-01-01')).toEqual({ deprecated: false, retired: false });
});
