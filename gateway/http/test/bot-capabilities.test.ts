import type { GuildStructureState } from '@guildhall/community';
import { describe, expect, it } from 'vitest';
import { roleProblem } from '../src/queries/bot-capabilities.js';

const G = '100000000000000001';
const role = (id: string, name: string, position: number, permissions = '0', managed = false) => ({ value: { id, name, color: 0, position, permissions, hoist: false, mentionable: false, managed }, deleted: false });
const structure: GuildStructureState = {
  channels: {},
  roles: {
    [G]: role(G, '@everyone', 0),
    '11': role('11', 'Member', 1),
    '12': role('12', 'Bot', 5, String(1n << 28n), true),
    '13': role('13', 'Admin', 9, String(1n << 3n)),
    '14': role('14', 'Helper', 2),
  },
};

describe('the bot may give or take a role (Discord’s hierarchy), checked at save', () => {
  it('a role below the bot’s highest, with Manage Roles: fine', () => {
    expect(roleProblem(structure, G, '11', ['12'])).toBeNull();
  });
  it('refuses an unknown, managed or @everyone role, naming why', () => {
    expect(roleProblem(structure, G, '99', ['12'])).toMatchObject({ code: 'ROLE_NOT_FOUND' });
    expect(roleProblem(structure, G, '12', ['12'])).toMatchObject({ code: 'ROLE_NOT_ASSIGNABLE' });
    expect(roleProblem(structure, G, G, ['12'])).toMatchObject({ code: 'ROLE_NOT_ASSIGNABLE' });
  });
  it('refuses when the bot lacks Manage Roles or the role is not below its highest role', () => {
    expect(roleProblem(structure, G, '11', ['14'])).toMatchObject({ code: 'BOT_MISSING_PERMISSION' });
    expect(roleProblem(structure, G, '13', ['12'])).toMatchObject({ code: 'BOT_ROLE_TOO_LOW' });
  });
  it('checks only the role itself while the bot’s roles are unknown, and nothing while no role is known', () => {
    expect(roleProblem(structure, G, '13', null)).toBeNull();
    expect(roleProblem({ channels: {}, roles: {} }, G, '13', ['12'])).toBeNull();
  });
});
