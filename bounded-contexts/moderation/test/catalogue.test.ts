import { describe, expect, it } from 'vitest';
import { memberActions, moderationCatalogue, publicCommandTypes } from '../src/index.js';

describe("moderation's command catalogue", () => {
  it('describes every public command, and only those', () => {
    expect(Object.keys(moderationCatalogue).sort()).toEqual([...publicCommandTypes].sort());
    for (const [type, info] of Object.entries(moderationCatalogue)) expect(info.type).toBe(type);
  });

  it('offers the member actions that open a case, in form order', () => {
    expect(memberActions.map((a) => a.type)).toEqual(['WarnMember', 'AddMemberNote', 'TimeoutMember', 'RemoveMemberTimeout', 'KickMember', 'BanMember', 'UnbanMember']);
  });

  it('asks what Discord asks of a human: bans need Ban Members, a bulk action what its action needs, hiding a case a manager', () => {
    expect(moderationCatalogue.BanMember.needs(undefined)).toEqual(['BAN_MEMBERS']);
    expect(moderationCatalogue.RequestBulkAction.needs({ action: 'kick' })).toEqual(['KICK_MEMBERS']);
    expect(moderationCatalogue.RequestBulkAction.needs({ action: 'timeout' })).toEqual(['MODERATE_MEMBERS']);
    expect(moderationCatalogue.HideCase.needs(undefined)).toEqual(['MANAGE_GUILD']);
  });
});
