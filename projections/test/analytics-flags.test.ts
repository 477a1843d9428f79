import { describe, expect, it } from 'vitest';
import { flaggedMember } from '../src/analytics.js';

const hit = (over: Partial<Parameters<typeof flaggedMember>[0]> = {}): Parameters<typeof flaggedMember>[0] => ({
  ruleId: 'r1',
  ruleName: 'Caps',
  revision: 1,
  dryRun: false,
  reason: 'caps',
  at: '2026-03-02T09:00:00.000Z',
  subject: { kind: 'message', messageId: '700000000000000001', channelId: '600000000000000001', authorId: '300000000000000001', authorName: 'shouty', content: 'HELLO' },
  actions: [{ kind: 'alert', channelId: '600000000000000002' }],
  ...over,
});

describe('which automod hits flag a member for a human (the start of "time to act")', () => {
  it('a live hit whose rule only alerts or deletes flags the author, or the member who joined', () => {
    expect(flaggedMember(hit())).toBe('300000000000000001');
    expect(flaggedMember(hit({ actions: [{ kind: 'delete' }, { kind: 'alert', channelId: '600000000000000002' }] }))).toBe('300000000000000001');
    expect(flaggedMember(hit({ subject: { kind: 'join', userId: '300000000000000009', userName: 'new' } }))).toBe('300000000000000009');
  });
  it('a rule that sanctioned by itself, or a dry run, flags nobody', () => {
    expect(flaggedMember(hit({ actions: [{ kind: 'alert', channelId: '600000000000000002' }, { kind: 'timeout', durationSeconds: 600 }] }))).toBeNull();
    expect(flaggedMember(hit({ actions: [{ kind: 'warn' }] }))).toBeNull();
    expect(flaggedMember(hit({ dryRun: true }))).toBeNull();
  });
});
