import type { RecordedEvent } from '@kurrent/kurrentdb-client';
import { describe, expect, it } from 'vitest';
import { prepareCommit } from '../src/event-store/commit.js';
import { fromRecorded, positionToNumber, streamNameRegex, toEventData, versionOfRevision } from '../src/event-store/eventstoredb-mapping.js';
import { newEvent } from './event-store.contract.js';

// Pure mapping checks that run without a server; the adapter itself runs the contract suite
// against a real EventStoreDB when EVENTSTOREDB_URL is set.
const recorded = (over: Partial<RecordedEvent>): RecordedEvent =>
  ({ streamId: 'p-a.b.c', id: 'x', isJson: true, revision: 0n, type: 'T', created: new Date(), data: {}, metadata: undefined, position: { commit: 10n, prepare: 10n }, ...over }) as RecordedEvent;

describe('EventStoreDB mapping', () => {
  it('derives event ids from the commitId, so a retry with the same commitId carries the same ids', () => {
    const events = [newEvent(), newEvent()];
    const a = toEventData(prepareCommit('a.b.c', events, 0, 'commit-1'));
    const b = toEventData(prepareCommit('a.b.c', events, 0, 'commit-1'));
    const c = toEventData(prepareCommit('a.b.c', events, 0, 'commit-2'));
    expect(a.map((e) => e.id)).toEqual(b.map((e) => e.id));
    expect(new Set([...a, ...c].map((e) => e.id)).size).toBe(4);
    expect(a[1]!.metadata).toEqual({ commitId: 'commit-1', commitSize: 2, index: 1 });
  });

  it('gives every event of an append the version after its last event, and the commit position', () => {
    const commit = prepareCommit('a.b.c', [newEvent(), newEvent(), newEvent()], 0, 'c');
    const data = toEventData(commit);
    const read = data.map((d, i) =>
      fromRecorded(recorded({ revision: BigInt(4 + i), data: d.data as Record<string, unknown>, metadata: d.metadata, position: { commit: 77n, prepare: 77n + BigInt(i) } }), 'p-'),
    );
    expect(read.map((r) => ('envelope' in r ? [r.envelope.streamId, r.envelope.version, r.envelope.position] : r.reason))).toEqual([
      ['a.b.c', 7, 77],
      ['a.b.c', 7, 77],
      ['a.b.c', 7, 77],
    ]);
  });

  it('reports, not throws, for events that are not ours', () => {
    expect(fromRecorded(recorded({ streamId: 'p-nodots' }), 'p-')).toMatchObject({ reason: expect.stringMatching(/stream/) as unknown });
    expect(fromRecorded(recorded({ metadata: { commitId: 'c' } }), 'p-')).toMatchObject({ reason: expect.stringMatching(/metadata/) as unknown });
    const meta = { commitId: 'c', commitSize: 1, index: 0 };
    expect(fromRecorded(recorded({ metadata: meta, data: { id: 'e' } }), 'p-')).toMatchObject({ reason: expect.stringMatching(/not an event/) as unknown });
  });

  it('filters our streams by name and keeps positions exact or refuses them', () => {
    const re = new RegExp(streamNameRegex('gh.1-'));
    expect(['gh.1-a.b.c', 'gh.1-mod.case.123e4567-e89b'].every((s) => re.test(s))).toBe(true);
    expect(['$stats', 'ghx1-a.b.c', 'gh.1-a.b', 'gh.1-a.b.c.d', 'other'].some((s) => re.test(s))).toBe(false);
    expect(positionToNumber({ commit: 2n ** 53n - 1n, prepare: 0n })).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => positionToNumber({ commit: 2n ** 53n, prepare: 0n })).toThrow(/2\^53/);
    expect([versionOfRevision('no_stream'), versionOfRevision(0n), versionOfRevision(41n)]).toEqual([0, 1, 42]);
  });
});
