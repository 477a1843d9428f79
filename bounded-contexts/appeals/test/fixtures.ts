import type { Actor, CommandEnvelope } from '@guildhall/kernel';
import type { z } from 'zod';
import { appealSettingsSlice, caseAppealsSlice, commands, defaultAppealSettings, type AppealCommand, type AppealSettingsCommand, type AppealedCase } from '../src/index.js';

export const GUILD = '100000000000000001';
export const T0 = '2026-03-01T12:00:00.000Z';
export const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();

export const MEMBER: Actor = { kind: 'dashboard-user', id: '300000000000000001', name: 'Banned Bob' };
export const OTHER_MEMBER: Actor = { kind: 'dashboard-user', id: '300000000000000002', name: 'Someone Else' };
export const MOD: Actor = { kind: 'discord-user', id: '200000000000000001', name: 'Strict Mod' };
export const MOD2: Actor = { kind: 'dashboard-user', id: '200000000000000002', name: 'Second Mod' };
export const MOD3: Actor = { kind: 'dashboard-user', id: '200000000000000003', name: 'Third Mod' };
export const SWEEP: Actor = { kind: 'system', id: 'appeal-reminders', name: 'Appeal reminders' };

export const BAN_CASE: AppealedCase = { targetId: MEMBER.id, moderatorId: MOD.id, action: 'ban', hidden: false };

type Type = keyof typeof commands;
let counter = 0;
export const envelopeOf = <T extends Type>(type: T, payload: z.input<(typeof commands)[T]>, actor: Actor, now = T0): CommandEnvelope => {
  const id = `cmd-${++counter}`;
  return { id, type, issuedAt: now, guildId: GUILD, actor, source: 'web', correlationId: id, causationId: null, payload };
};

export const appealCmd = <T extends AppealCommand['type']>(type: T, payload: z.input<(typeof commands)[T]>, actor: Actor, now = T0): AppealCommand =>
  caseAppealsSlice.toCommand(envelopeOf(type, payload, actor, now), now);

export const settingsCmd = (payload: z.input<(typeof commands)['ChangeAppealSettings']>, actor: Actor, now = T0): AppealSettingsCommand =>
  appealSettingsSlice.toCommand(envelopeOf('ChangeAppealSettings', payload, actor, now), now);

export const submit = (o: { statement?: string; answers?: string[]; settings?: Partial<ReturnType<typeof defaultAppealSettings>>; appealedCase?: Partial<AppealedCase>; actor?: Actor; now?: string } = {}) =>
  appealCmd(
    'SubmitAppeal',
    {
      caseNumber: 7,
      statement: o.statement ?? 'I was not spamming, that was my brother.',
      answers: o.answers ?? [],
      appealedCase: { ...BAN_CASE, ...o.appealedCase },
      settings: { ...defaultAppealSettings(), ...o.settings },
    },
    o.actor ?? MEMBER,
    o.now ?? T0,
  );
