import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deterministicId, newId } from '../src/index.js';

const srcDir = new URL('../src/', import.meta.url);

describe('the kernel root is safe for the browser', () => {
  it('imports no Node built-in (the dashboard bundles it for in-browser replay, with no shim)', () => {
    const offenders = readdirSync(srcDir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from\s+['"]node:|require\(['"]node:/.test(readFileSync(new URL(f, srcDir), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('deterministicId is the name-based SHA-1 UUID it always was (ids stored before stay valid)', () => {
    // The same computation with node:crypto, as the kernel did before it went browser-safe.
    const reference = (...parts: (string | number)[]): string => {
      const hash = createHash('sha1').update(parts.map(String).join('\u001f')).digest();
      hash[6] = (hash[6]! & 0x0f) | 0x50;
      hash[8] = (hash[8]! & 0x3f) | 0x80;
      const hex = hash.subarray(0, 16).toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    };
    for (const parts of [['a'], ['guild', 42, 'ban'], ['é✓', ''], [String(Math.random())]] as (string | number)[][]) {
      expect(deterministicId(...parts)).toBe(reference(...parts));
    }
    expect(newId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
