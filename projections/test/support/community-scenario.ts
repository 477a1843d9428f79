import type { EventStore } from '@guildhall/eventing';
import { FactDriver } from './fact-driver.js';
import { ANN, at, G1, G2 } from './moderation-scenario.js';

export const ROLE_MOD = '500000000000000001';
export const ROLE_VIP = '500000000000000002';
export const ROLE_NEW = '500000000000000003';
export const CHANNEL = '600000000000000001';
export const discordUser = (n: number, username = `member${n}`, globalName: string | null = `Member ${n}`) => ({
  id: `3000000000000000${String(n).padStart(2, '0')}`,
  username,
  globalName,
  bot: false,
});

/**
 * Discord facts through the community deciders, and a dashboard message through the messaging
 * decider. Times are before, between and after the moderation scenario's (which starts at day 0
 * 09:00): a presence sample, five joins, role and name changes, a leave and a rejoin, an edited
 * then deleted message, a repeated join (no event), another sample on day 1, a sent message.
 */
export const runCommunityScenario = async (store: EventStore): Promise<FactDriver> => {
  const d = new FactDriver(store);
  const early = (minute: number) => new Date(Date.parse(at(0)) - 3_600_000 + minute * 60_000).toISOString();
  await d.fact('RecordPresenceCounts', { online: 30, idle: 5, dnd: 2, offline: 83, memberCount: 120 }, { guildId: G1, now: early(0) });
  for (let n = 1; n <= 5; n++) {
    await d.fact('RecordMemberJoined', { user: discordUser(n), joinedAt: early(n), roles: [ROLE_NEW], nickname: null }, { guildId: G1, now: early(n) });
  }
  // The same join delivered again records nothing.
  await d.fact('RecordMemberJoined', { user: discordUser(5), joinedAt: early(5), roles: [ROLE_NEW], nickname: null }, { guildId: G1, now: early(6) });
  await d.fact('RecordMemberUpdated', { user: discordUser(2), roles: [ROLE_NEW, ROLE_VIP, ROLE_MOD], nickname: null }, { guildId: G1, now: early(10) });
  await d.fact('RecordMemberUpdated', { user: discordUser(2), roles: [ROLE_VIP, ROLE_MOD], nickname: null }, { guildId: G1, now: early(11) });
  await d.fact('RecordMemberUpdated', { user: discordUser(1), roles: [ROLE_NEW], nickname: 'Links' }, { guildId: G1, now: early(12) });
  // A username change is seen with the next fact that records something (here a new nickname).
  await d.fact('RecordMemberUpdated', { user: discordUser(1, 'member1_renamed', 'Member One'), roles: [ROLE_NEW], nickname: 'Linky' }, { guildId: G1, now: early(13) });
  await d.fact('RecordMessageEdited', { messageId: '700000000000000001', channelId: CHANNEL, author: discordUser(1), before: 'join my server', after: 'join my server!!', editedAt: early(14) }, { guildId: G1, now: early(14) });
  await d.fact('RecordMessageDeleted', { messageId: '700000000000000001', channelId: CHANNEL, author: discordUser(1), content: null }, { guildId: G1, now: early(15) });
  await d.fact('RecordMemberLeft', { user: discordUser(4) }, { guildId: G1, now: early(20) });
  await d.fact('RecordMemberJoined', { user: discordUser(4), joinedAt: early(25), roles: [], nickname: null }, { guildId: G1, now: early(25) });
  await d.fact('RecordMemberJoined', { user: discordUser(1), joinedAt: early(30), roles: [], nickname: null }, { guildId: G2, now: early(30) });
  // After the moderation scenario's bans (day 0-3): the banned member 3 leaves, a new sample.
  await d.fact('RecordMemberLeft', { user: discordUser(3) }, { guildId: G1, now: at(0, 11) });
  await d.fact('RecordPresenceCounts', { online: 40, idle: 4, dnd: 1, offline: 78, memberCount: 123 }, { guildId: G1, now: at(1, 30) });
  await d.fact('RecordMemberJoined', { user: discordUser(9), joinedAt: at(1, 40), roles: [], nickname: null }, { guildId: G1, now: at(1, 40) });
  const sent = await d.message('SendMessage', { channelId: CHANNEL, content: 'Welcome to the server!' }, { guildId: G1, actor: ANN, now: at(1, 45), source: 'web' });
  const requestId = sent.result.status === 'accepted' ? sent.result.commandId : '';
  await d.message('RecordMessageSent', { requestId, messageId: '700000000000000002' }, { guildId: G1, actor: { kind: 'system', id: 'discord-executor', name: 'executor' }, now: at(1, 46), source: 'discord' });
  return d;
};
