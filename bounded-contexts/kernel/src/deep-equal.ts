/**
 * Structural equality of plain data (what events and states are: JSON-like values, Dates),
 * with the path of the first difference. Pure, so the kernel needs no node:assert.
 */
export const firstDifference = (actual: unknown, expected: unknown, path = '$'): string | undefined => {
  if (Object.is(actual, expected)) return undefined;
  if (actual instanceof Date && expected instanceof Date) {
    return actual.getTime() === expected.getTime() ? undefined : `${path}: ${actual.toISOString()} ≠ ${expected.toISOString()}`;
  }
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return `${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`;
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return `${path}: array ≠ object`;
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return `${path}: different kinds of object`;
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
  for (const k of keys) {
    if (!Object.hasOwn(a, k)) return `${path}.${k}: missing`;
    if (!Object.hasOwn(e, k)) return `${path}.${k}: unexpected ${JSON.stringify(a[k])}`;
    const d = firstDifference(a[k], e[k], Array.isArray(actual) ? `${path}[${k}]` : `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
};

/** Throws with the first difference when the two differ. */
export const assertDeepEqual = (actual: unknown, expected: unknown, message?: string): void => {
  const d = firstDifference(actual, expected);
  if (d) throw new Error(`${message ?? 'values differ'}: ${d}\nactual:   ${JSON.stringify(actual)}\nexpected: ${JSON.stringify(expected)}`);
};
