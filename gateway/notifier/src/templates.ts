import type { NotificationContent } from '@guildhall/appeals';

/**
 * The words of every notification. Pure: the outbox stores what these return, so a retry sends
 * exactly what was queued. Emails have a text and an HTML part, and every one a member gets
 * carries its unsubscribe link.
 */

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const ACTION_WORDS: Readonly<Record<string, string>> = {
  ban: 'banned',
  kick: 'kicked',
  timeout: 'timed out',
  warn: 'warned',
};

export type SanctionFacts = Readonly<{
  guildId: string;
  caseNumber: number;
  action: string;
  reason: string | null;
  expiresAt: string | null;
  /** Set when the guild takes appeals. */
  appealUrl: string | null;
}>;

export type DecisionFacts = Readonly<{
  guildId: string;
  caseNumber: number;
  decision: 'approved' | 'denied';
  reason: string;
  lifts: 'ban' | 'timeout' | null;
  recordUrl: string;
}>;

export type AppealFacts = Readonly<{ guildId: string; caseNumber: number; appellantId: string; statement: string; reviewUrl: string }>;

const sanctionLines = (f: SanctionFacts): string[] => [
  `You were ${ACTION_WORDS[f.action] ?? f.action} in server ${f.guildId} (case #${f.caseNumber}).`,
  `Reason: ${f.reason ?? 'none given'}`,
  ...(f.expiresAt ? [`Until: ${f.expiresAt}`] : []),
  ...(f.appealUrl ? [`You can appeal: ${f.appealUrl}`] : []),
];

const decisionLines = (f: DecisionFacts): string[] => [
  `Your appeal of case #${f.caseNumber} in server ${f.guildId} was ${f.decision}.`,
  `Reason: ${f.reason}`,
  ...(f.decision === 'approved' && f.lifts ? [f.lifts === 'ban' ? 'Your ban is lifted.' : 'Your timeout is removed.'] : []),
  `Your record: ${f.recordUrl}`,
];

export const sanctionDm = (f: SanctionFacts): NotificationContent => ({ subject: `Case #${f.caseNumber}`, text: sanctionLines(f).join('\n'), html: null });

export const decisionDm = (f: DecisionFacts): NotificationContent => ({ subject: `Appeal of case #${f.caseNumber}: ${f.decision}`, text: decisionLines(f).join('\n'), html: null });

export const appealStaffPost = (f: AppealFacts): NotificationContent => {
  const excerpt = f.statement.length > 300 ? `${f.statement.slice(0, 299)}…` : f.statement;
  return {
    subject: `New appeal of case #${f.caseNumber}`,
    text: [`New appeal of case #${f.caseNumber} by <@${f.appellantId}>.`, `> ${excerpt.replace(/\n/g, '\n> ')}`, `Review: ${f.reviewUrl}`].join('\n'),
    html: null,
  };
};

export type AppealReminderFacts = Readonly<{ caseNumber: number; appealId: string; submittedAt: string; reviewDueAt: string; reviewUrl: string }>;

/** The staff channel's reminder of an appeal still waiting past the guild's review limit. */
export const appealReminderPost = (f: AppealReminderFacts): NotificationContent => ({
  subject: `Appeal of case #${f.caseNumber} is waiting`,
  text: [`⏰ The appeal of case #${f.caseNumber} has waited past the review limit (submitted ${f.submittedAt}, due ${f.reviewDueAt}).`, `Review: ${f.reviewUrl}`].join('\n'),
  html: null,
});

export type ReportPostFacts = Readonly<{ reporterId: string; targetId: string; channelId: string | null; messageId: string | null; guildId: string; queueUrl: string; hasReason: boolean }>;

/**
 * The staff channel's line about a member's report. Ids and links only, never the quoted excerpt
 * nor the reporter's reason: a channel post has no member to seal it under, and both must stay
 * erasable (forget-me). That there is a reason is said, so moderators know to read it in the queue.
 */
export const reportPost = (f: ReportPostFacts): NotificationContent => {
  const where = f.channelId && f.messageId ? ` — https://discord.com/channels/${f.guildId}/${f.channelId}/${f.messageId}` : '';
  return {
    subject: f.messageId ? 'New message report' : 'New member report',
    text: [`🚩 <@${f.reporterId}> reported ${f.messageId ? `a message by <@${f.targetId}>` : `<@${f.targetId}>`}${f.channelId ? ` in <#${f.channelId}>` : ''}${where}.`, ...(f.hasReason ? ['The reporter gave a reason: read it in the queue.'] : []), `Queue: ${f.queueUrl}`].join('\n'),
    html: null,
  };
};

/** An email: the lines as text and as HTML paragraphs (links clickable), with the unsubscribe footer in both. */
const email = (subject: string, lines: readonly string[], footer: { text: string; url: string; label: string }): NotificationContent => {
  const linkify = (line: string): string =>
    escapeHtml(line).replace(/(https?:\/\/[^\s<]+)/g, (u) => `<a href="${u}">${u}</a>`);
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    ...lines.map((l) => `<p>${linkify(l)}</p>`),
    `<hr><p style="font-size:small;color:#555">${escapeHtml(footer.text)} <a href="${escapeHtml(footer.url)}">${escapeHtml(footer.label)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text: `${lines.join('\n\n')}\n\n--\n${footer.text} ${footer.label}: ${footer.url}\n`, html };
};

const unsubscribeFooter = (url: string) => ({ text: 'You get these emails because you opted in on Guildhall.', url, label: 'Unsubscribe' });

export const sanctionEmail = (f: SanctionFacts, unsubscribeUrl: string): NotificationContent =>
  email(`You were ${ACTION_WORDS[f.action] ?? f.action} (case #${f.caseNumber})`, sanctionLines(f), unsubscribeFooter(unsubscribeUrl));

export const decisionEmail = (f: DecisionFacts, unsubscribeUrl: string): NotificationContent =>
  email(`Your appeal of case #${f.caseNumber} was ${f.decision}`, decisionLines(f), unsubscribeFooter(unsubscribeUrl));

export const confirmationEmail = (confirmUrl: string): NotificationContent =>
  email(
    'Confirm your email address for Guildhall',
    ['Someone (we hope you) asked Guildhall to send notifications about moderation cases and appeals to this address.', `Confirm it: ${confirmUrl}`, 'If it was not you, ignore this email: nothing will be sent.'],
    { text: 'This link expires in 7 days.', url: confirmUrl, label: 'Confirm' },
  );
