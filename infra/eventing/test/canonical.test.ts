import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/index.js';

// The standalone bundle verifier carries its own copy (it may not import Guildhall code): both must agree.
const toolPath = resolve(dirname(fileURLToPath(import.meta.url)), '../../../tools/verify-bundle.mjs');
const tool = (await import(toolPath)) as { canonicalJson: (v: unknown) => string };

describe('canonical JSON (RFC 8785 for what JSON holds)', () => {
  it('sorts members by UTF-16 code units at every depth, with no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    // RFC 8785 §3.2.3: code-unit order puts "\u20ac" (€) before "\ud83d\ude00" (😀) and both after "z".
    expect(canonicalJson({ '😀': 1, '€': 2, z: 3, '': 4, A: 5 })).toBe('{"":4,"A":5,"z":3,"€":2,"😀":1}');
  });

  it('writes numbers the ECMAScript way (shortest round trip, -0 as 0, exponents)', () => {
    expect(canonicalJson([0, -0, 1.5, 1e21, 1e-7, 123456789012345680000, 0.1 + 0.2])).toBe('[0,0,1.5,1e+21,1e-7,123456789012345680000,0.30000000000000004]');
  });

  it('escapes strings as JSON.stringify does, lone surrogates included', () => {
    expect(canonicalJson(['a"b\\c\n\u0001', '\ud800', 'é'])).toBe('["a\\"b\\\\c\\n\\u0001","\\ud800","é"]');
  });

  it('leaves out undefined members and writes undefined array elements as null, like JSON', () => {
    const v = { a: undefined, b: [undefined, () => 1], c: new Date(0) };
    expect(canonicalJson(v)).toBe('{"b":[null,null],"c":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalJson(v)).toBe(canonicalJson(JSON.parse(JSON.stringify(v))));
  });

  it('is the same for any key order or spacing of the same JSON', () => {
    const a = JSON.parse('{"x": [1, 2, {"q": true, "p": "s"}], "w": {"k": 1.0}}');
    const b = JSON.parse('{"w":{"k":1},"x":[1,2,{"p":"s","q":true}]}');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('is byte-for-byte the same in tools/verify-bundle.mjs', () => {
    const vectors: unknown[] = [
      { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } },
      { '😀': 1, '€': 2, z: 3, '': 4, A: 5 },
      [0, -0, 1.5, 1e21, 1e-7, 0.1 + 0.2, -123.456e-30],
      ['a"b\\c\n\u0001', '\ud800', 'é', '\u2028'],
      { a: undefined, b: [undefined], c: new Date(0), d: true, e: false },
      { commitId: 'x', events: [{ guildId: 'g', payload: { deep: [[[]], {}] } }] },
    ];
    for (const v of vectors) expect(tool.canonicalJson(v)).toBe(canonicalJson(v));
    expect(() => tool.canonicalJson({ n: Number.NaN })).toThrow(/finite/);
  });

  it('refuses what JSON cannot round-trip: non-finite numbers, BigInt, cycles', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/finite/);
    expect(() => canonicalJson({ n: Infinity })).toThrow(/finite/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/BigInt/);
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => canonicalJson(cyc)).toThrow(/cyclic/);
    expect(() => canonicalJson(undefined)).toThrow(/no JSON form/);
    // A repeated (not cyclic) object is fine.
    const shared = { s: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"s":1},"b":{"s":1}}');
  });
});
