import { SnowflakeSchema } from '@guildhall/kernel';
import { z } from 'zod';
import { RunLevelSchema } from './field-schemas.js';
import { checkTemplate, type CheckedTemplate } from '../template/check.js';
import type { TemplatePosition } from '../template/parse.js';

/**
 * Discord's rule for command and option names (https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-naming):
 * 1-32 of letters, digits, - and _; letters that have a lowercase form must be lowercase.
 */
export const DISCORD_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const lowercase = (s: string): boolean => s === s.toLowerCase();
export const CommandName = z
  .string()
  .regex(DISCORD_NAME, 'must be 1-32 letters, digits, - or _ (Discord refuses other names)')
  .refine(lowercase, 'must be lowercase (Discord refuses uppercase names)');

/**
 * The bot's own slash commands (gateway/discord registers them with the custom ones in one bulk
 * overwrite, so a custom command may not take their names). gateway/discord's test holds its
 * definitions to this list.
 */
export const BUILT_IN_COMMAND_NAMES: readonly string[] = [
  'ban', 'case', 'history', 'kick', 'note', 'purge', 'timeout', 'unban', 'untimeout', 'warn',
  'loop', 'move', 'nowplaying', 'pause', 'play', 'playlist', 'previous', 'queue', 'remove', 'resume', 'seek', 'shuffle', 'skip', 'stop', 'volume',
];

export const OptionTypeSchema = z.enum(['string', 'integer', 'boolean', 'user', 'channel', 'role']);
export type OptionType = z.infer<typeof OptionTypeSchema>;

export const CommandOptionSchema = z.object({
  name: CommandName,
  description: z.string().trim().min(1).max(100),
  type: OptionTypeSchema.default('string'),
  required: z.boolean().default(false),
});
export type CommandOption = z.output<typeof CommandOptionSchema>;

/** Templates are checked against the command's options by `definitionProblem`; this is only their length. */
const TemplateText = z.string().min(1).max(2000);

/** What a run does beside replying; each goes through the context that owns it (messaging for posts). */
export const CommandActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('give-role'), roleId: SnowflakeSchema }),
  z.object({ kind: z.literal('remove-role'), roleId: SnowflakeSchema }),
  z.object({ kind: z.literal('post'), channelId: SnowflakeSchema, content: TemplateText }),
  z.object({ kind: z.literal('dm'), content: TemplateText }),
]);
export type CommandAction = z.output<typeof CommandActionSchema>;

/** Who may run it: everyone, or members at a Guildhall level or above, or holding one of the roles. */
export const RunPermissionSchema = z.object({
  level: RunLevelSchema.default('everyone'),
  roleIds: z.array(SnowflakeSchema).max(25).default([]),
});
export type RunPermission = z.output<typeof RunPermissionSchema>;

/** A custom command as an admin defines it (the API's body and the events' payload). */
export const CustomCommandDefinitionSchema = z.object({
  name: CommandName,
  description: z.string().trim().min(1).max(100),
  response: TemplateText,
  options: z.array(CommandOptionSchema).max(25).default([]),
  actions: z.array(CommandActionSchema).max(5).default([]),
  permission: RunPermissionSchema.default({ level: 'everyone', roleIds: [] }),
  /** Per member; 0 = none. */
  cooldownSeconds: z.number().int().min(0).max(86_400).default(0),
  ephemeral: z.boolean().default(false),
});
export type CustomCommandDefinition = z.output<typeof CustomCommandDefinitionSchema>;
export type CustomCommandDefinitionInput = z.input<typeof CustomCommandDefinitionSchema>;

/** The first thing wrong with a definition beyond its shape, with the field it is in. */
export type DefinitionProblem = Readonly<{
  code: 'INVALID_DEFINITION' | 'INVALID_TEMPLATE' | 'NAME_TAKEN';
  field: string;
  reason: string;
  /** For a template: where in it, and the template error's own code. */
  position?: TemplatePosition;
  templateCode?: string;
}>;

/** The templates of a definition, each with the field it is in. */
export const templatesOf = (d: CustomCommandDefinition): { field: string; source: string }[] => [
  { field: 'response', source: d.response },
  ...d.actions.flatMap((a, i) => (a.kind === 'post' || a.kind === 'dm' ? [{ field: `actions[${i}].content`, source: a.content }] : [])),
];

/** Checked templates of a stored (hence valid) definition, by field. */
export const checkedTemplates = (d: CustomCommandDefinition): Map<string, CheckedTemplate> => {
  const out = new Map<string, CheckedTemplate>();
  const scope = { options: d.options.map((o) => o.name) };
  for (const t of templatesOf(d)) {
    const r = checkTemplate(t.source, scope);
    if (r.ok) out.set(t.field, r.template);
  }
  return out;
};

/** Counters the definition's templates use: a run increments each once. */
export const countersOf = (d: CustomCommandDefinition): string[] => [...new Set([...checkedTemplates(d).values()].flatMap((t) => t.counters))];

/**
 * The rules beyond the schema, checked by the API (a 400) and again by the decider (so nothing
 * else can store one): no built-in name, unique option names, required options first (Discord's
 * rule), and every template parses and names only declared options.
 */
export const definitionProblem = (d: CustomCommandDefinition): DefinitionProblem | null => {
  if (BUILT_IN_COMMAND_NAMES.includes(d.name)) return { code: 'NAME_TAKEN', field: 'name', reason: `/${d.name} is one of Guildhall's built-in commands` };
  const seen = new Set<string>();
  let optionalSeen = false;
  for (const [i, o] of d.options.entries()) {
    if (seen.has(o.name)) return { code: 'INVALID_DEFINITION', field: `options[${i}].name`, reason: `the option "${o.name}" is declared twice` };
    seen.add(o.name);
    if (!o.required) optionalSeen = true;
    else if (optionalSeen) return { code: 'INVALID_DEFINITION', field: `options[${i}].required`, reason: 'required options must come before optional ones (Discord refuses the command otherwise)' };
  }
  const scope = { options: d.options.map((o) => o.name) };
  for (const t of templatesOf(d)) {
    const r = checkTemplate(t.source, scope);
    if (!r.ok) {
      const { code, reason, ...position } = r.error;
      return { code: 'INVALID_TEMPLATE', field: t.field, reason: `line ${position.line}, column ${position.column}: ${reason}`, position, templateCode: code };
    }
  }
  return null;
};
