import { describe, expect, it } from 'vitest';

// The router module touches window at import; give it the little it needs.
(globalThis as { window?: unknown }).window ??= { addEventListener: () => undefined };
const { match } = await import('../src/router.js');

describe('route matching', () => {
  it('matches patterns and decodes params', () => {
    expect(match('/g/:guildId/cases/:caseNumber', '/g/12/cases/7')).toEqual({ guildId: '12', caseNumber: '7' });
    expect(match('/g/:guildId', '/g/12/')).toEqual({ guildId: '12' });
    expect(match('/g/:guildId/cases', '/g/12/members')).toBeNull();
    expect(match('/g/:guildId/members/:userId', '/g/1/members/a%20b')).toEqual({ guildId: '1', userId: 'a b' });
  });
});
