/** Reading annotation values the way pages write them. */
import type { Annotation, Page } from './model';

/** Flags are written `true` or `"true"`. */
export const annotationFlag = (value: unknown) => value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');

/** The property of a collection response that holds the items (`collectionProperty`), when one is named. */
export function collectionProperty(annotation: Annotation): string | undefined {
  const value = annotation.collectionProperty;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Whether a response is a collection: its annotation says so, else the Response prose ("a collection of"). */
export function isCollectionResponse(annotation: Annotation, page: Page): boolean {
  return annotation.isCollection === undefined ? (page.responseType?.collection ?? false) : annotationFlag(annotation.isCollection);
}
