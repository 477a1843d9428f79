import { DomainError } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeCursor, encodeCursor, pageOf, parseQuery } from '../src/query-input.js';
import { likeLiteral } from '../src/sql.js';
import { withCommitIndex } from '../src/envelope-columns.js';

describe('query input helpers', () => {
  it('round-trips a keyset cursor and refuses one of another list or order', () => {
    const c = encodeCursor('listCases', 'desc', [42]);
    expect(decodeCursor('listCases', 'desc', c, z.tuple([z.number()]))).toEqual([42]);
    expect(() => decodeCursor('listAuditLog', 'desc', c, z.tuple([z.number()]))).toThrow(/a cursor of listCases, not of listAuditLog/);
    expect(() => decodeCursor('listCases', 'asc', c, z.tuple([z.number()]))).toThrow(/order desc, not asc/);
    expect(() => decodeCursor('listCases', 'desc', c, z.tuple([z.number(), z.number()]))).toThrow(/not a cursor of this list/);
    expect(() => decodeCursor('listCases', 'desc', '%%%', z.tuple([z.number()]))).toThrow(DomainError);
  });

  it('names the first bad field in INVALID_QUERY', () => {
    const schema = z.object({ limit: z.number().max(10) });
    const err = (() => {
      try {
        parseQuery('q', schema, { limit: 11 });
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('accepted');
    })();
    expect(err.code).toBe('INVALID_QUERY');
    expect(err.message).toMatch(/^q: limit: /);
    expect(err.details.issues).toEqual([{ field: 'limit', reason: expect.any(String) }]);
  });

  it('pages limit + 1 rows into a page and a cursor', () => {
    expect(pageOf([1, 2, 3], 2, (x) => x * 10, (x) => `c${x}`)).toEqual({ items: [10, 20], nextCursor: 'c2' });
    expect(pageOf([1, 2], 2, (x) => x, (x) => `c${x}`)).toEqual({ items: [1, 2], nextCursor: null });
  });

  it('escapes LIKE wildcards and indexes events within their commit', () => {
    expect(likeLiteral('100%_\\')).toBe('100\\%\\_\\\\');
    expect(withCommitIndex([{ position: 5 }, { position: 5 }, { position: 7 }, { position: 9 }, { position: 9 }]).map(([, i]) => i)).toEqual([0, 1, 0, 0, 1]);
  });
});
