/** OData names as the documents and services write them. */

/** `@odata.context`, `prop@odata.type`, `@microsoft.graph.downloadUrl`: annotations, not properties. */
export const isAnnotationKey = (key: string) => key.startsWith('@') || key.includes('@odata.');

/** `microsoft.graph.ipCategory` → `ipCategory`: what follows the last dot, the name taken as it is. */
export const unqualifiedName = (name: string) => name.slice(name.lastIndexOf('.') + 1);

/** `microsoft.graph.ipCategory` / `#microsoft.graph.ipCategory` → `ipCategory`. */
export function simpleTypeName(name: string): string {
  return unqualifiedName(name.trim().replace(/^#/, ''));
}

/** The key types are registered under: simple name, lowercased (pages disagree on case). */
export function typeKey(name: string): string {
  return simpleTypeName(name).toLowerCase();
}

/** The `@odata.type` a JSON object names, without `#`; undefined for anything else. */
export function odataTypeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const type = (value as Record<string, unknown>)['@odata.type'];
  return typeof type === 'string' && type.trim() ? type.trim().replace(/^#/, '') : undefined;
}
