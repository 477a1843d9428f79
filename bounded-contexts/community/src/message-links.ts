/**
 * Links in a message's text, as Discord's client turns them into links: http(s) URLs, and the
 * bare invite forms (`discord.gg/x`, `discord.com/invite/x`) that need no scheme. Linear: one
 * pass of a regex without nested quantifiers.
 */
const LINK = /\bhttps?:\/\/[^\s<>"']+|\b(?:discord(?:app)?\.com\/invite|discord\.gg)\/[A-Za-z0-9-]+/gi;
const TRAILING = /[.,;:!?)\]}]+$/;

export const linksIn = (content: string | null): string[] => {
  if (!content) return [];
  const out: string[] = [];
  for (const m of content.matchAll(LINK)) {
    const link = m[0].replace(TRAILING, '');
    if (!out.includes(link)) out.push(link);
    if (out.length >= 50) break;
  }
  return out;
};

/** The host of a link, lower-case and without `www.` (`discord.gg/x` → `discord.gg`); null when unparseable. */
export const hostOf = (link: string): string | null => {
  try {
    const host = new URL(/^https?:\/\//i.test(link) ? link : `https://${link}`).hostname.toLowerCase();
    return host.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
};

const INVITE = /\b(?:discord(?:app)?\.com\/invite|discord\.gg)\/([A-Za-z0-9-]+)/i;

/** The invite code of a Discord invite link, else null. */
export const inviteCodeOf = (link: string): string | null => INVITE.exec(link)?.[1] ?? null;
