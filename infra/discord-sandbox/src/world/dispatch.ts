import type { GatewayDispatchEvents, GatewayDispatchPayload } from 'discord-api-types/v10';

export type DispatchData<E extends GatewayDispatchEvents> = Extract<GatewayDispatchPayload, { t: E }>['d'];

/**
 * A gateway dispatch produced by a change in the world, before intent filtering; a union over
 * event names so `t` narrows `d`. guildId is null for DMs.
 */
export type Dispatch = {
  [E in GatewayDispatchEvents]: { t: E; d: DispatchData<E>; guildId: string | null };
}[GatewayDispatchEvents];

export type DispatchListener = (dispatch: Dispatch) => void;

/** Fan-out of world changes to the gateway sessions and the viewer's live feed. */
export class DispatchBus {
  private readonly listeners = new Set<DispatchListener>();

  on(listener: DispatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends GatewayDispatchEvents>(t: E, d: DispatchData<E>, guildId: string | null): void {
    const dispatch = { t, d, guildId } as Dispatch;
    for (const l of this.listeners) {
      try {
        l(dispatch);
      } catch {
        // A broken listener (e.g. a closed socket) must never stop the others or the caller.
      }
    }
  }
}
