import { BUILT_IN_COMMAND_NAMES, CustomCommandDefinitionSchema } from '@guildhall/automation';
import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { discordCommandOf } from '../src/custom-commands/discord-definitions.js';
import { mayRun } from '../src/custom-commands/run-custom-command.js';
import { commandDefinitions } from '../src/slash-commands/definitions.js';
import { musicCommandDefinitions } from '../src/slash-commands/music-definitions.js';

describe('custom commands beside the built-in ones', () => {
  it('automation refuses exactly the names the bot registers itself', () => {
    const builtIn = [...commandDefinitions(), ...musicCommandDefinitions()].map((d) => d.name).sort();
    expect([...BUILT_IN_COMMAND_NAMES].sort()).toEqual(builtIn);
  });

  it('a definition becomes a guild chat-input command with its options, visible to everyone', () => {
    const d = CustomCommandDefinitionSchema.parse({
      name: 'hello',
      description: 'Say hello',
      response: 'Hi {{option.who}}',
      options: [{ name: 'who', description: 'Whom', type: 'user', required: true }, { name: 'loud', description: 'Shout', type: 'boolean' }],
    });
    expect(discordCommandOf(d)).toEqual({
      type: 1,
      name: 'hello',
      description: 'Say hello',
      contexts: [0],
      options: [
        { type: ApplicationCommandOptionType.User, name: 'who', description: 'Whom', required: true },
        { type: ApplicationCommandOptionType.Boolean, name: 'loud', description: 'Shout', required: false },
      ],
    });
  });

  it('who may run it: everyone; a level or above; or one of the roles', () => {
    expect(mayRun({ level: 'everyone', roleIds: [] }, { level: null, roleIds: [] })).toBe(true);
    expect(mayRun({ level: 'everyone', roleIds: ['1'] }, { level: 'owner', roleIds: [] })).toBe(false);
    expect(mayRun({ level: 'everyone', roleIds: ['1'] }, { level: null, roleIds: ['1'] })).toBe(true);
    expect(mayRun({ level: 'moderator', roleIds: [] }, { level: 'viewer', roleIds: [] })).toBe(false);
    expect(mayRun({ level: 'moderator', roleIds: [] }, { level: 'admin', roleIds: [] })).toBe(true);
    expect(mayRun({ level: 'admin', roleIds: ['7'] }, { level: null, roleIds: ['7'] })).toBe(true);
  });
});
