import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../src/control/snapshot.js';
import { guildPermissions, highestRolePosition } from '../src/permissions.js';
import { loadSandboxSettings } from '../src/settings.js';
import { seedWorld } from '../src/world/seed.js';
import { sandbox } from './helpers.js';

describe('seeded world', () => {
  it('is deterministic from the seed', () => {
    const a = JSON.stringify(snapshot(seedWorld({ seed: 42 })));
    const b = JSON.stringify(snapshot(seedWorld({ seed: 42 })));
    const c = JSON.stringify(snapshot(seedWorld({ seed: 43 })));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('has a role hierarchy owner > admins > bot > moderators > members, and presences', () => {
    const world = seedWorld({ seed: 1 });
    const [main] = [...world.guilds.values()];
    const guildId = main!.base.id;
    const staff = (name: string) => [...main!.members.values()].filter((m) => m.roles.some((r) => main!.roles.get(r)?.name === name)).map((m) => m.userId);
    const admin = staff('Admin')[0]!;
    const mod = staff('Moderator')[0]!;
    const member = [...main!.members.values()].find((m) => m.roles.length <= 1 && m.userId !== main!.base.owner_id && m.userId !== world.bot.userId)!.userId;
    expect(main!.members.size).toBe(300);
    expect(highestRolePosition(world, guildId, main!.base.owner_id)).toBeGreaterThan(highestRolePosition(world, guildId, admin));
    expect(highestRolePosition(world, guildId, admin)).toBeGreaterThan(highestRolePosition(world, guildId, world.bot.userId));
    expect(highestRolePosition(world, guildId, world.bot.userId)).toBeGreaterThan(highestRolePosition(world, guildId, mod));
    expect(highestRolePosition(world, guildId, mod)).toBeGreaterThan(highestRolePosition(world, guildId, member));
    expect(guildPermissions(world, guildId, world.bot.userId) & 4n).toBe(4n);
    expect(guildPermissions(world, guildId, world.bot.userId) & 8n).toBe(0n);
    expect(main!.presences.size).toBeGreaterThan(50);
  });
});

describe('traffic simulator', () => {
  it('produces joins, messages, moderator actions and more without ever throwing', async () => {
    const sb = await sandbox({ seed: 4 });
    try {
      const guildId = sb.world.mainGuild().base.id;
      const auditBefore = sb.world.auditLog(guildId).length;
      const seen = new Set<string>();
      const res = await fetch(`${sb.url}/_sandbox/simulator`, { method: 'POST', body: JSON.stringify({ enabled: false, eventsPerMinute: 60 }) });
      expect(res.status).toBe(200);
      // Drive it step by step (the timer only decides when): 400 steps cover every kind.
      const { Simulator } = await import('../src/simulator/simulator.js');
      const sim = new Simulator(sb.world, pino({ level: 'silent' }), 4);
      for (let i = 0; i < 400; i++) {
        const done = sim.step();
        if (done) seen.add(done.replace(/ in #.*/, ''));
      }
      expect([...seen]).toEqual(expect.arrayContaining(['invite spam', 'message', 'edit', 'delete', 'presence', 'join', 'leave', 'role change', 'moderator timeout', 'moderator ban', 'voice join', 'voice leave', 'voice move']));
      const audit = sb.world.auditLog(guildId).slice(auditBefore);
      expect(audit.some((e) => e.action_type === 22 && e.user_id !== sb.bot.userId)).toBe(true);
      expect(audit.some((e) => e.action_type === 24)).toBe(true);
    } finally {
      await sb.stop();
    }
  });

  it('runs on its timer when enabled', async () => {
    const sb = await sandbox({ seed: 6, simulator: { enabled: true, eventsPerMinute: 3000 } });
    try {
      await new Promise((r) => setTimeout(r, 400));
      const status = (await (await fetch(`${sb.url}/_sandbox/simulator`)).json()) as { enabled: boolean; eventsGenerated: number };
      expect(status.enabled).toBe(true);
      expect(status.eventsGenerated).toBeGreaterThan(3);
    } finally {
      await sb.stop();
    }
  });
});

describe('settings from env', () => {
  it('defaults and names every bad variable', () => {
    expect(loadSandboxSettings({})).toMatchObject({ SANDBOX_PORT: 8081, SANDBOX_SEED: 1, SANDBOX_TRAFFIC_RATE: 30 });
    expect(() => loadSandboxSettings({ SANDBOX_PORT: 'eighty', SANDBOX_TRAFFIC_RATE: '-1' })).toThrow(/SANDBOX_PORT[\s\S]*SANDBOX_TRAFFIC_RATE/);
    expect(() => loadSandboxSettings({ SANDBOX_APPLICATION_ID: '12' })).toThrow(/SANDBOX_APPLICATION_ID/);
    expect(loadSandboxSettings({ SANDBOX_BOT_TOKEN: 'abc.def.ghijkl', SANDBOX_TRAFFIC_RATE: '0' })).toMatchObject({ SANDBOX_BOT_TOKEN: 'abc.def.ghijkl', SANDBOX_TRAFFIC_RATE: 0 });
  });
});
