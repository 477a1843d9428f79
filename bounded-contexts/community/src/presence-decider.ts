import type { CommandOf, Decider, DomainEvent, EventOf } from '@guildhall/kernel';
import { z } from 'zod';
import { InstantSchema } from './community-schemas.js';

const count = z.number().int().min(0);

const CountsSchema = z
  .object({ online: count, idle: count, dnd: count, offline: count, memberCount: count })
  .refine((c) => c.online + c.idle + c.dnd + c.offline <= c.memberCount, {
    path: ['memberCount'],
    message: 'must be at least online + idle + dnd + offline',
  });

/** A sample of the guild's presence counts (the gateway counts PRESENCE_UPDATEs), stream `community.presence.<guildId>`. */
export const presenceCommands = {
  RecordPresenceCounts: CountsSchema,
} as const;
export type PresenceCommand = CommandOf<typeof presenceCommands>;

export const PresenceCountsRecordedSchema = z.object({
  online: count,
  idle: count,
  dnd: count,
  offline: count,
  memberCount: count,
  observedAt: InstantSchema,
});
export const presenceEvents = { PresenceCountsRecorded: PresenceCountsRecordedSchema } as const;
export type PresenceEvent = EventOf<typeof presenceEvents>;
export type PresenceCountsRecorded = DomainEvent<'PresenceCountsRecorded', z.output<typeof PresenceCountsRecordedSchema>>;

export type PresenceState = Readonly<{ last: PresenceCountsRecorded['data'] | null }>;

const same = (a: Omit<PresenceCountsRecorded['data'], 'observedAt'>, b: Omit<PresenceCountsRecorded['data'], 'observedAt'>): boolean =>
  a.online === b.online && a.idle === b.idle && a.dnd === b.dnd && a.offline === b.offline && a.memberCount === b.memberCount;

/** A sample equal to the last one records nothing: the history only holds changes. */
export const recordPresenceCounts = (c: Extract<PresenceCommand, { type: 'RecordPresenceCounts' }>, s: PresenceState): PresenceEvent[] =>
  s.last && same(s.last, c.data) ? [] : [{ type: 'PresenceCountsRecorded', data: { ...c.data, observedAt: c.meta.now } }];

export const presenceDecider: Decider<PresenceState, PresenceCommand, PresenceEvent> = {
  initialState: () => ({ last: null }),
  evolve: (_s, e) => ({ last: e.data }),
  decide: (command, state) => {
    switch (command.type) {
      case 'RecordPresenceCounts':
        return recordPresenceCounts(command, state);
      default: {
        const unknown: never = command.type;
        return unknown;
      }
    }
  },
};
