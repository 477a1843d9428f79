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
 * - refused (throws TypeError): non-finite numbers, BigInt and cycles, which JSON cannot
 *   round-trip.
 *
 * So `canonicalJson(x) === canonicalJson(JSON.parse(JSON.stringify(x)))` for every accepted x.
 * `tools/verify-bundle.mjs` holds a standalone copy (it must not import Guildhall code); the
 * test `canonical.test.ts` runs both on the same vectors.
 */
export const canonicalJson = (value: unknown): string => {
  const seen = new Set<object>();
  const write = (v: unknown, inArray: boolean): string | undefined => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON: () => unknown }).toJSON();
    }
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
        return inArray ? 'null' : undefined;
      default:
        break;
    }
    if (v === null) return 'null';
    const o = v as object;
    if (seen.has(o)) throw new TypeError('canonical JSON: cyclic value');
    seen.add(o);
    let out: string;
    if (Array.isArray(o)) {
      out = `[${o.map((x) => write(x, true)).join(',')}]`;
    } else {
      const rec = o as Record<string, unknown>;
      const parts: string[] = [];
      for (const k of Object.keys(rec).sort()) {
        const s = write(rec[k], false);
        if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
      }
      out = `{${parts.join(',')}}`;
    }
    seen.delete(o);
    return out;
  };
  const s = write(value, false);
  if (s === undefined) throw new TypeError(`canonical JSON: a top-level ${typeof value} has no JSON form`);
  return s;
};
