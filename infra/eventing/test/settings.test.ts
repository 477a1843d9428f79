import { describe, expect, it } from 'vitest';
import { InfraError } from '@guildhall/kernel';
import { commandBusNames, loadCommonSettings } from '../src/settings.js';

describe('settings from env', () => {
  it('applies defaults', () => {
    const s = loadCommonSettings({});
    expect(s.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(s.EVENT_STORE).toBe('jetstream');
    expect(s.EVENTS_STREAM).toBe('EVENTS');
  });

  it('treats an empty variable as unset and maps the bus names', () => {
    const s = loadCommonSettings({ NATS_URL: '', DEAD_LETTERS_STREAM: 'DLQ_X' });
    expect(s.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(commandBusNames(s)).toEqual({
      ackWaitMs: 30_000,
      streamName: 'COMMANDS',
      subjectPrefix: 'cmd',
      resultsBucket: 'COMMAND_RESULTS',
      deadLetterStream: 'DLQ_X',
      deadLetterPrefix: 'dlq',
    });
  });

  it('names every bad variable and why', () => {
    let error: unknown;
    try {
      loadCommonSettings({ NATS_URL: 'http://x', EVENT_STORE: 'mongo', DATABASE_URL: 'nope' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InfraError);
    const e = error as InfraError;
    expect(e.code).toBe('INVALID_SETTINGS');
    expect(e.message).toMatch(/NATS_URL: must be a URL with protocol nats:/);
    expect(e.message).toMatch(/EVENT_STORE: /);
    expect(e.message).toMatch(/DATABASE_URL: must be a URL with protocol postgres:/);
    expect((e.details.issues as unknown[]).length).toBe(3);
  });
});
