/**
 * Several CSDL XML documents as one, the way a service serves its `$metadata`: each later document's
 * schemas go into the first one's `edmx:DataServices`, a schema whose namespace the first already has
 * merged into it (OData allows `Annotations` to live apart from the types they target, as the seeds'
 * revisions file does). Read back with readMetadata, the merge says what the documents say together.
 */
import { MetadataError } from './model';

const SCHEMA = /<Schema\b[^>]*>([\s\S]*?)<\/Schema>/g;
const namespaceOf = (schemaTag: string) => /\bNamespace\s*=\s*"([^"]+)"/.exec(schemaTag)?.[1];

export function mergeCsdlXml(documents: readonly { name: string; text: string }[]): string {
  const [first, ...others] = documents;
  if (!first) throw new MetadataError('no CSDL document to merge');
  let merged = first.text;
  for (const other of others) {
    for (const [schema, inner] of other.text.matchAll(SCHEMA)) {
      const namespace = namespaceOf(schema.slice(0, schema.indexOf('>') + 1));
      const same = [...merged.matchAll(SCHEMA)].find(([mine]) => namespaceOf(mine.slice(0, mine.indexOf('>') + 1)) === namespace);
      if (same) {
        const end = same.index + same[0].length - '</Schema>'.length;
        merged = `${merged.slice(0, end)}${inner}${merged.slice(end)}`;
        continue;
      }
      const at = merged.lastIndexOf('</edmx:DataServices>');
      if (at < 0) throw new MetadataError(`${first.name}: no </edmx:DataServices> to add ${other.name}'s schema ${namespace ?? ''} to`);
      merged = `${merged.slice(0, at)}${schema}\n${merged.slice(at)}`;
    }
  }
  return merged;
}
