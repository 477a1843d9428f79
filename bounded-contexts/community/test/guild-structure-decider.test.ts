import { DeciderSpecification } from '@guildhall/kernel';
import { describe, expect, it } from 'vitest';
import { type GuildStructureEvent, guildStructureDecider, presenceDecider } from '../src/index.js';
import { NOW, presenceFact, structureFact } from './fixtures.js';

const spec = DeciderSpecification.for(guildStructureDecider);
const general = { id: '800000000000000001', name: 'general', type: 0, parentId: null, position: 0, topic: null, nsfw: false };
const mods = { id: '600000000000000001', name: 'Mods', color: 0xff0000, position: 5, permissions: '8', hoist: true, mentionable: false, managed: false };
const created: GuildStructureEvent = { type: 'ChannelCreated', data: { channel: general, at: NOW } };
const roleCreated: GuildStructureEvent = { type: 'RoleCreated', data: { role: mods, at: NOW } };

describe('channels', () => {
  it('records a creation once', () => {
    spec.given([]).when(structureFact('RecordChannelCreated', { channel: { id: general.id, name: 'general', type: 0 } })).then([created]);
    spec.given([created]).when(structureFact('RecordChannelCreated', { channel: general })).then([]);
  });
  it('records an update with the fields that changed, none when nothing did', () => {
    spec.given([created]).when(structureFact('RecordChannelUpdated', { channel: { ...general, name: 'lobby', topic: 'hi' } })).then([
      { type: 'ChannelUpdated', data: { channelId: general.id, before: general, after: { ...general, name: 'lobby', topic: 'hi' }, changed: ['name', 'topic'], at: NOW } },
    ]);
    spec.given([created]).when(structureFact('RecordChannelUpdated', { channel: general })).then([]);
  });
  it('an update of a channel never seen has an unknown before', () => {
    spec.given([]).when(structureFact('RecordChannelUpdated', { channel: general })).then((e) =>
      expect(e[0]?.data).toMatchObject({ before: null, changed: ['id', 'name', 'type', 'parentId', 'position', 'topic', 'nsfw'] }),
    );
  });
  it('records a deletion once; updates after it are ignored', () => {
    const deleted: GuildStructureEvent = { type: 'ChannelDeleted', data: { channel: general, at: NOW } };
    spec.given([created]).when(structureFact('RecordChannelDeleted', { channel: general })).then([deleted]);
    spec.given([created, deleted]).when(structureFact('RecordChannelDeleted', { channel: general })).then([]);
    spec.given([created, deleted]).when(structureFact('RecordChannelUpdated', { channel: { ...general, name: 'x' } })).then([]);
  });
});

describe('roles', () => {
  it('records creation, change and deletion (with the last known role)', () => {
    spec.given([]).when(structureFact('RecordRoleCreated', { role: mods })).then([roleCreated]);
    spec.given([roleCreated]).when(structureFact('RecordRoleCreated', { role: mods })).then([]);
    spec.given([roleCreated]).when(structureFact('RecordRoleUpdated', { role: { ...mods, permissions: '0' } })).then((e) =>
      expect(e[0]?.data).toMatchObject({ changed: ['permissions'], before: { permissions: '8' } }),
    );
    spec.given([roleCreated]).when(structureFact('RecordRoleDeleted', { roleId: mods.id })).then([
      { type: 'RoleDeleted', data: { roleId: mods.id, role: mods, at: NOW } },
    ]);
    spec.given([]).when(structureFact('RecordRoleDeleted', { roleId: mods.id })).then([{ type: 'RoleDeleted', data: { roleId: mods.id, role: null, at: NOW } }]);
    spec
      .given([roleCreated, { type: 'RoleDeleted', data: { roleId: mods.id, role: mods, at: NOW } }])
      .when(structureFact('RecordRoleDeleted', { roleId: mods.id }))
      .then([]);
  });
  it('the permission bitfield stays a decimal string', () => {
    expect(() => structureFact('RecordRoleCreated', { role: { ...mods, permissions: '0x8' } })).toThrow(/payload\.role\.permissions/);
  });
});

describe('presence counts', () => {
  const pspec = DeciderSpecification.for(presenceDecider);
  const counts = { online: 10, idle: 2, dnd: 1, offline: 87, memberCount: 100 };
  it('records a sample, and nothing when it did not change', () => {
    pspec.given([]).when(presenceFact('RecordPresenceCounts', counts)).then([{ type: 'PresenceCountsRecorded', data: { ...counts, observedAt: NOW } }]);
    pspec.given([{ type: 'PresenceCountsRecorded', data: { ...counts, observedAt: NOW } }]).when(presenceFact('RecordPresenceCounts', counts)).then([]);
    pspec
      .given([{ type: 'PresenceCountsRecorded', data: { ...counts, observedAt: NOW } }])
      .when(presenceFact('RecordPresenceCounts', { ...counts, online: 11, offline: 86 }))
      .then((e) => expect(e).toHaveLength(1));
  });
  it('refuses counts that do not add up', () => {
    expect(() => presenceFact('RecordPresenceCounts', { ...counts, memberCount: 50 })).toThrow(/payload\.memberCount/);
  });
});
