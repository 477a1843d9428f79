import type { ParsedTemplate, TemplateVariable } from './parse.js';

/** What one run knows: who ran it, where, the options given and the counters after this run's increment. */
export type RenderContext = Readonly<{
  user: Readonly<{ id: string; name: string }>;
  channelId: string;
  guildName: string;
  /** Option values as text; an optional option that was not given is absent. */
  options: Readonly<Record<string, string>>;
  counters: Readonly<Record<string, number>>;
}>;

/** Discord's limit for a message's content. */
export const MAX_RENDERED_LENGTH = 2000;

const valueOf = (v: TemplateVariable, ctx: RenderContext): string => {
  switch (v.kind) {
    case 'user':
      return `<@${ctx.user.id}>`;
    case 'user.name':
      return ctx.user.name;
    case 'user.id':
      return ctx.user.id;
    case 'channel':
      return `<#${ctx.channelId}>`;
    case 'guild.name':
      return ctx.guildName;
    case 'option':
      // Object.hasOwn: an option named like an Object.prototype member must not read it.
      return Object.hasOwn(ctx.options, v.name) ? ctx.options[v.name]! : '';
    case 'counter':
      return String(Object.hasOwn(ctx.counters, v.name) ? ctx.counters[v.name]! : 0);
    default: {
      const unknown: never = v;
      return unknown;
    }
  }
};

/**
 * Renders a checked template. Total by construction: every variable has a value (a missing
 * optional option is empty, an unknown counter 0), and the result is cut to Discord's limit,
 * so a template that passed its check never fails at run time.
 */
export const renderTemplate = (t: ParsedTemplate, ctx: RenderContext, maxLength = MAX_RENDERED_LENGTH): string => {
  let out = '';
  for (const s of t.segments) {
    out += s.kind === 'text' ? s.text : valueOf(s.variable, ctx);
    if (out.length > maxLength) break;
  }
  return out.length > maxLength ? `${out.slice(0, maxLength - 1)}…` : out;
};
