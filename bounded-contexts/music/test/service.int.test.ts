import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { openBusTestWorld, type BusTestWorld } from '@guildhall/eventing/testing';
import { newId } from '@guildhall/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { musicSessionStreamId } from '../src/index.js';
import { envelopeOf, GUILD, inVoice, track } from './fixtures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let world: BusTestWorld;

beforeAll(async () => {
  world = await openBusTestWorld('musicsvc');
});
afterAll(async () => {
  await world?.close();
});

describe('the music service process (as npm start runs it)', { timeout: 60_000 }, () => {
  it('logs ready, decides cmd.music.* on the store, and stops cleanly on SIGTERM', async () => {
    const { names } = world;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        METRICS_PORT: '0',
        NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
        EVENTS_STREAM: names.events.streamName,
        EVENTS_SUBJECT_PREFIX: names.events.subjectPrefix,
        COMMANDS_STREAM: names.bus.streamName,
        COMMANDS_SUBJECT_PREFIX: names.bus.subjectPrefix,
        COMMAND_RESULTS_BUCKET: names.bus.resultsBucket,
        DEAD_LETTERS_STREAM: names.bus.deadLetterStream,
        DEAD_LETTERS_SUBJECT_PREFIX: names.bus.deadLetterPrefix,
        LOG_LEVEL: 'info',
      },
    });
    const out: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (d: string) => out.push(...d.split('\n').filter(Boolean)));
    try {
      const deadline = Date.now() + 30_000;
      while (!out.some((l) => /"msg":"ready"/.test(l))) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ready line:\n${out.join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const result = await world.bus.send({ ...envelopeOf('QueueTrack', { invoker: inVoice(), track: track(1) }, { id: newId() }), issuedAt: new Date().toISOString() }, { context: 'music', waitMs: 15_000 });
      expect(result).toMatchObject({ status: 'accepted', eventCount: 2 });
      expect((await world.store.readStream(musicSessionStreamId(GUILD))).events.map((e) => e.type)).toEqual(['MusicSessionStarted', 'TrackQueued']);
    } finally {
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    }
  });
});
