import type { RuleDefinitionInput } from '../api/automod.js';

/** The rule editor's fields, all text as the inputs hold them. */
export type RuleForm = {
  name: string;
  trigger: 'message-rate' | 'duplicates' | 'mention-spam' | 'invite-links' | 'links' | 'words' | 'caps' | 'raid';
  /** Count limits: messages, duplicates, mentions, joins. */
  limit: string;
  perSeconds: string;
  /** Invite codes allowed, hosts, words: one per line. */
  list: string;
  patterns: string;
  linkMode: 'deny' | 'allow';
  maxRatio: string;
  minLength: string;
  maxAccountAgeDays: string;
  actions: { delete: boolean; warn: boolean; timeout: boolean; kick: boolean; ban: boolean; alert: boolean };
  timeoutMinutes: string;
  alertChannelId: string;
  exemptRoleIds: string;
  exemptChannelIds: string;
  dryRun: boolean;
};

export const emptyForm = (): RuleForm => ({
  name: 'No invite links',
  trigger: 'invite-links',
  limit: '5',
  perSeconds: '10',
  list: '',
  patterns: '',
  linkMode: 'deny',
  maxRatio: '70',
  minLength: '10',
  maxAccountAgeDays: '',
  actions: { delete: true, warn: true, timeout: false, kick: false, ban: false, alert: false },
  timeoutMinutes: '10',
  alertChannelId: '',
  exemptRoleIds: '',
  exemptChannelIds: '',
  dryRun: false,
});

const lines = (s: string): string[] => s.split(/[\n,]/).map((x) => x.trim()).filter(Boolean);
const num = (s: string): number => Number(s.trim());

/** The form as the API's rule definition; the server checks it and names any bad field. */
export const definitionOf = (f: RuleForm): RuleDefinitionInput => {
  const trigger = ((): RuleDefinitionInput['trigger'] => {
    switch (f.trigger) {
      case 'message-rate':
        return { kind: 'message-rate', maxMessages: num(f.limit), perSeconds: num(f.perSeconds) };
      case 'duplicates':
        return { kind: 'duplicates', maxDuplicates: num(f.limit), perSeconds: num(f.perSeconds) };
      case 'mention-spam':
        return { kind: 'mention-spam', maxMentions: num(f.limit) };
      case 'invite-links':
        return { kind: 'invite-links', allowedCodes: lines(f.list) };
      case 'links':
        return { kind: 'links', mode: f.linkMode, hosts: lines(f.list) };
      case 'words':
        return { kind: 'words', words: lines(f.list), patterns: f.patterns.split('\n').map((p) => p.trim()).filter(Boolean) };
      case 'caps':
        return { kind: 'caps', minLength: num(f.minLength), maxRatio: num(f.maxRatio) / 100 };
      case 'raid':
        return { kind: 'raid', joins: num(f.limit), perSeconds: num(f.perSeconds), maxAccountAgeDays: f.maxAccountAgeDays.trim() ? num(f.maxAccountAgeDays) : null };
    }
  })();
  const a = f.actions;
  const actions: RuleDefinitionInput['actions'] = [
    ...(a.delete ? [{ kind: 'delete' as const }] : []),
    ...(a.warn ? [{ kind: 'warn' as const }] : []),
    ...(a.timeout ? [{ kind: 'timeout' as const, durationSeconds: num(f.timeoutMinutes) * 60 }] : []),
    ...(a.kick ? [{ kind: 'kick' as const }] : []),
    ...(a.ban ? [{ kind: 'ban' as const }] : []),
    ...(a.alert ? [{ kind: 'alert' as const, channelId: f.alertChannelId }] : []),
  ];
  return { name: f.name, trigger, actions, exemptRoleIds: lines(f.exemptRoleIds), exemptChannelIds: lines(f.exemptChannelIds), dryRun: f.dryRun };
};

/** A saved rule back into the editor's fields. */
export const formOf = (d: RuleDefinitionInput): RuleForm => {
  const f = emptyForm();
  const t = d.trigger;
  const out: RuleForm = { ...f, name: d.name, trigger: t.kind, dryRun: d.dryRun ?? false, exemptRoleIds: (d.exemptRoleIds ?? []).join('\n'), exemptChannelIds: (d.exemptChannelIds ?? []).join('\n') };
  switch (t.kind) {
    case 'message-rate':
      Object.assign(out, { limit: String(t.maxMessages), perSeconds: String(t.perSeconds) });
      break;
    case 'duplicates':
      Object.assign(out, { limit: String(t.maxDuplicates), perSeconds: String(t.perSeconds) });
      break;
    case 'mention-spam':
      out.limit = String(t.maxMentions);
      break;
    case 'invite-links':
      out.list = (t.allowedCodes ?? []).join('\n');
      break;
    case 'links':
      Object.assign(out, { linkMode: t.mode, list: t.hosts.join('\n') });
      break;
    case 'words':
      Object.assign(out, { list: (t.words ?? []).join('\n'), patterns: (t.patterns ?? []).join('\n') });
      break;
    case 'caps':
      Object.assign(out, { minLength: String(t.minLength ?? 10), maxRatio: String(Math.round((t.maxRatio ?? 0.7) * 100)) });
      break;
    case 'raid':
      Object.assign(out, { limit: String(t.joins), perSeconds: String(t.perSeconds), maxAccountAgeDays: t.maxAccountAgeDays ? String(t.maxAccountAgeDays) : '' });
      break;
  }
  out.actions = { delete: false, warn: false, timeout: false, kick: false, ban: false, alert: false };
  for (const a of d.actions) {
    out.actions[a.kind] = true;
    if (a.kind === 'timeout') out.timeoutMinutes = String(Math.round(a.durationSeconds / 60));
    if (a.kind === 'alert') out.alertChannelId = a.channelId;
  }
  return out;
};
