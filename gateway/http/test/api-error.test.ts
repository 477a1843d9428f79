import { describe, expect, it } from 'vitest';
import { toApiError } from '../src/http/api-error.js';

/** A pg error as node-postgres raises it: an Error with PostgreSQL's SQLSTATE in `code`. */
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('toApiError: PostgreSQL errors', () => {
  it('a refused connection (too many clients, starting up, broken) is 503 DATABASE_UNAVAILABLE, not 500', () => {
    for (const [code, message] of [
      ['53300', 'sorry, too many clients already'],
      ['53200', 'out of memory'],
      ['57P03', 'the database system is starting up'],
      ['08006', 'connection failure'],
    ] as const) {
      const e = toApiError(pgError(code, message));
      expect([e.status, e.code], code).toEqual([503, 'DATABASE_UNAVAILABLE']);
      // Nothing internal in the answer.
      expect(e.reason).not.toContain(message);
    }
  });

  it('a missing read-model schema stays READ_MODEL_UNAVAILABLE; any other error stays 500 INTERNAL', () => {
    expect(toApiError(pgError('42P01', 'relation "x" does not exist')).code).toBe('READ_MODEL_UNAVAILABLE');
    expect([toApiError(pgError('23505', 'duplicate key')).status, toApiError(new Error('boom')).code]).toEqual([500, 'INTERNAL']);
  });
});
