/** True when a `$ref` of the document names another file (or URL) rather than a place in the document itself. */
export function refersToOtherFiles(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(refersToOtherFiles);
  if (typeof value !== 'object' || value === null) return false;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && !ref.startsWith('#')) return true;
  return Object.values(value).some(refersToOtherFiles);
}
