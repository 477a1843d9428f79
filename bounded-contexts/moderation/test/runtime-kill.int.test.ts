import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStreamId, guildCasesStreamId, memberRecordStreamId } from '../src/index.js';
import {
  answerDiscord,
  createRuntimeWorld,
  eventually,
  eventsOfType,
  freshGuild,
  ManualClock,
  openDiscordActions,
  send,
  user,
  userCommand,
  type RuntimeWorld,
} from './runtime-support.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const entry = 'bounded-contexts/moderation/src/main.ts';

let world: RuntimeWorld;
const children = new Set<ChildProcess>();

type Service = Readonly<{ child: ChildProcess; lines: string[]; exited: Promise<number | null> }>;

/** Runs the moderation service's main as a child process in this test's world; resolves once it logs `ready`. */
const spawnService = (): Promise<Service> =>
  new Promise((resolveReady, rejectReady) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: root,
      env: {
        ...process.env,
        // Any free ops port: the test must not depend on 9101 being free.
        METRICS_PORT: '0',
        ...world.env,
        LOG_LEVEL: 'info',
        // A killed worker's deliveries come back after this long, not the production 30 s.
        COMMAND_ACK_WAIT_MS: '1000',
        MODERATION_PROCESS_ACK_WAIT_MS: '1000',
        EXPIRY_TICK_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const lines: string[] = [];
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const onLine = (line: string) => {
      lines.push(line);
      if (/"msg":"ready"/.test(line)) resolveReady({ child, lines, exited });
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exited.then((code) => {
      children.delete(child);
      rejectReady(new Error(`moderation service exited (${code}) before ready:\n${lines.slice(-20).join('\n')}`));
    });
  });

beforeAll(async () => {
  world = await createRuntimeWorld('modkill');
}, 30_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await world?.dispose();
});

const allocations = async (guild: string) => (await world.store.readStream(guildCasesStreamId(guild))).events;

describe('the moderation service killed in the middle of a bulk ban', { timeout: 120_000 }, () => {
  it('after SIGKILL and a restart, every member ends with exactly one case and the bulk completes', async () => {
    const clock = new ManualClock();
    const guild = freshGuild();
    const targets = Array.from({ length: 100 }, (_, i) => user(5000 + i));
    const first = await spawnService();
    const bulk = userCommand(guild, 'RequestBulkAction', { action: 'ban', targets, reason: 'raid wave' }, clock);
    expect(await send(world.bus, bulk)).toMatchObject({ status: 'accepted' });

    await eventually(async () => ((await allocations(guild)).length >= 5 ? true : undefined), 30_000, 'the first cases');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const atKill = (await allocations(guild)).length;
    // The kill really landed mid-way.
    expect(atKill).toBeLessThan(100);

    const second = await spawnService();
    const numbers = await eventually(async () => {
      const events = await allocations(guild);
      return events.length >= 100 ? events : undefined;
    }, 60_000, '100 case numbers');
    await new Promise((r) => setTimeout(r, 1_500)); // redeliveries of the killed worker's work have come and gone
    const settled = await allocations(guild);
    expect(settled).toHaveLength(100);
    const byMember = new Map<string, number[]>();
    for (const e of settled) {
      const { caseNumber, request } = e.payload as { caseNumber: number; request: { target: { id: string } } };
      byMember.set(request.target.id, [...(byMember.get(request.target.id) ?? []), caseNumber]);
    }
    expect(byMember.size).toBe(100);
    expect([...byMember.values()].every((n) => n.length === 1)).toBe(true);
    expect(numbers.map((e) => (e.payload as { caseNumber: number }).caseNumber)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

    // Each case opened once; each member asked once.
    const requests = await eventually(async () => {
      const open = await openDiscordActions(world.store, guild);
      return open.length >= 100 ? open : undefined;
    }, 60_000, '100 Discord actions');
    expect(requests).toHaveLength(100);
    for (const n of [1, 50, 100]) {
      const types = (await world.store.readStream(caseStreamId(guild, n))).events.map((e) => e.type);
      expect(types).toEqual(['CaseOpened', 'DiscordActionRequested']);
    }
    for (const t of targets.slice(0, 10)) {
      const types = (await world.store.readStream(memberRecordStreamId(guild, t.id))).events.map((e) => e.type);
      expect(types).toEqual(['ModerationActionRequested']);
    }

    await answerDiscord(world.bus, requests, clock);
    const [completed] = await eventually(async () => {
      const done = await eventsOfType(world.store, guild, 'BulkActionCompleted');
      return done.length === 1 ? done : undefined;
    }, 60_000, 'BulkActionCompleted');
    expect(completed!.payload).toMatchObject({ bulkId: bulk.id, succeeded: 100, failed: 0 });
    expect(await eventsOfType(world.store, guild, 'CaseOpened')).toHaveLength(100);

    // A clean stop on SIGTERM.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.lines.some((l) => /"msg":"stopped"/.test(l))).toBe(true);
  });
});
