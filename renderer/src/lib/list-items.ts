/** A DRF-style page, as the paginated list routes answer. */
interface Page<T> {
  results: T[];
}

/**
 * Some list routes answer a bare array, some a page (both typed from their contracts); a screen
 * that shows rows reads either the same way.
 */
export function listItems<T>(value: T[] | Page<T> | null | undefined): T[] {
  if (!value) return [];
  return Array.isArray(value) ? value : value.results;
}
