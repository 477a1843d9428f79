/**
 * Canonical JSON: the one byte form a value hashes to, whoever serialised it.
 *
 * The rules (RFC 8785 "JCS" for every value JSON can hold):
 * - no whitespace; object members sorted by key in UTF-16 code-unit order (JavaScript's default
 *   string sort, as RFC 8785 §3.2.3 prescribes);
 * - strings and numbers as ECMAScript's `JSON.stringify` writes them (shortest round-trip number,
 *   `-0` as `0`, lone surrogates escaped as `\udxxx`);
 * - like `JSON.stringify`: object members whose value is `undefined`, a function or a symbol are
 *   left out, and such array elements become `null`; a `toJSON` method is honoured;
 * - refused (throws TypeError): non-finite numbers, BigInt and cycles (nesting deeper than
 *   1000), which JSON cannot round-trip.
 *
 * So `canonicalJson(x) === canonicalJson(JSON.parse(JSON.stringify(x)))` for every accepted x.
 * `tools/verify-bundle.mjs` holds a standalone copy (it must not import Guildhall code); the
 * test `canonical.test.ts` runs both on the same vectors.
 */
/** Deeper than this is taken for a cycle (JSON from our stores is never nested this deep). */
const MAX_DEPTH = 1000;

/** Member names repeat in every commit (`id`, `type`, `payload`...): their quoted form is kept, up to a bound. */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 10_000;
const quoteKey = (k: string): string => {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(k, q);
  }
  return q;
};

const writeValue = (v: unknown, depth: number): string | undefined => {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: () => unknown }).toJSON();
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`canonical JSON: ${v} is not a finite number`);
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonical JSON: BigInt has no JSON form');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (v === null) return 'null';
  if (depth > MAX_DEPTH) throw new TypeError('canonical JSON: cyclic value (or nested deeper than 1000)');
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      out += writeValue(v[i], depth + 1) ?? 'null';
    }
    return `${out}]`;
  }
  const rec = v as Record<string, unknown>;
  const keys = Object.keys(rec).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const s = writeValue(rec[k], depth + 1);
    if (s === undefined) continue;
    out += first ? '' : ',';
    first = false;
    out += `${quoteKey(k)}:${s}`;
  }
  return `${out}}`;
};
export const canonicalJson = (value: unknown): string => {
  const s = writeValue(value, 0);
  if (s === undefined) throw new TypeError(`canonical JSON: a top-level ${typeof value} has no JSON form`);
  return s;
};
