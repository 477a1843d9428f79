/** One changed field between two versions (a path like `response` or `options[1].description`). */
export type FieldChange = Readonly<{ field: string; from: unknown; to: unknown }>;

const flatten = (value: unknown, path: string, out: Map<string, unknown>): void => {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, []);
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  } else out.set(path, value);
};

/** The fields that differ between two versions of a definition (custom command, workflow), in the newer one's order, then removed ones. */
export const diffDefinitions = (from: unknown, to: unknown): FieldChange[] => {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(from, '', a);
  flatten(to, '', b);
  const changes: FieldChange[] = [];
  for (const [field, v] of b) {
    const old = a.has(field) ? a.get(field) : null;
    if (JSON.stringify(old) !== JSON.stringify(v)) changes.push({ field, from: old, to: v });
  }
  for (const [field, v] of a) if (!b.has(field)) changes.push({ field, from: v, to: null });
  return changes;
};
