import { describe, expect, it } from 'vitest';
import { musicKeys, positionAt } from '../src/api/music-keys.js';

describe('music remote (pure)', () => {
  const startedAt = '2026-03-01T12:00:00.000Z';
  const t = (s: number) => Date.parse(startedAt) + s * 1000;
  it('interpolates the position from {startedAt, offsetMs, paused}, clamped to the track', () => {
    expect(positionAt({ startedAt, offsetMs: 10_000, paused: false }, 60_000, t(5))).toBe(15_000);
    expect(positionAt({ startedAt, offsetMs: 10_000, paused: false }, 60_000, t(500))).toBe(60_000);
    expect(positionAt({ startedAt: null, offsetMs: 42_000, paused: true }, 60_000, t(5))).toBe(42_000);
    expect(positionAt({ startedAt: null, offsetMs: 0, paused: false }, null, t(5))).toBe(0);
    expect(positionAt({ startedAt, offsetMs: 0, paused: false }, null, t(-3))).toBe(0);
  });
  it('keys start with the read model, so an rm notice refreshes them', () => {
    expect(musicKeys.session('1')[0]).toBe('music_session');
    expect(musicKeys.library('1', 'x')[0]).toBe('music_library');
  });
});
