/**
 * What real pages say about which properties a response carries (fixtures/pages/documented and the
 * seed pages are copied verbatim from the Graph reference): a table row "Returned only on `$select`"
 * or "not returned by default", and the prose "All of the properties will be returned from an actual call".
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parsePage } from '../../src/docs/parsePage';
import { PROJECT_ROOT } from '../../src/core/projectRoot';

const PAGES = path.join(PROJECT_ROOT, 'fixtures', 'pages');
const read = (file: string) => parsePage(fs.readFileSync(path.join(PAGES, file), 'utf8'), path.basename(file));
const row = (file: string, name: string) =>
  read(file)
    .propertyTables.flatMap((table) => table.rows)
    .find((r) => r.name === name)!;

test("user.md: rows 'Returned only on $select' are flagged, default ones are not", () => {
  expect(row('documented/resources/user.md', 'faxNumber').returnedByDefault).toBe(false);
  expect(row('documented/resources/user.md', 'deletedDateTime').returnedByDefault).toBe(false);
  expect(row('documented/resources/user.md', 'displayName').returnedByDefault).toBeUndefined();
  expect(row('documented/resources/user.md', 'id').returnedByDefault).toBeUndefined();
  const rows = read('documented/resources/user.md').propertyTables.flatMap((table) => table.rows);
  expect(rows.filter((r) => r.returnedByDefault === false).length).toBeGreaterThan(40);
});

test("message.md: 'not returned by default' in a description is flagged too", () => {
  expect(row('documented/resources/message.md', 'uniqueBody').returnedByDefault).toBe(false);
  expect(row('documented/resources/message.md', 'subject').returnedByDefault).toBeUndefined();
});

test('a page saying every property is returned (seed), and one saying only a subset is (user-get)', () => {
  expect(read('../../contracts/create-ipsecurityprofile.md').returnsAllProperties).toBe(true);
  expect(read('documented/api/user-get.md').returnsAllProperties).toBeUndefined();
});
