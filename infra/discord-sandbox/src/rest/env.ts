import type { WorldContext } from '../world/context.js';
import type { OAuthStore } from '../oauth/store.js';
import type { InteractionStore } from '../world/interactions.js';

/** Who made a REST call: the bot (Bot token), a dashboard user (OAuth2 Bearer), or nobody. */
export type RestAuth =
  | { kind: 'bot'; userId: string }
  | { kind: 'bearer'; userId: string; scopes: string[]; expiresAt: number }
  | { kind: 'none' };

export interface RestVariables {
  auth: RestAuth;
  /** X-Audit-Log-Reason, URI-decoded as discord.js encodes it. */
  reason: string | null;
  /** The parsed body, kept for the REST call log. */
  body: unknown;
}

export type RestEnv = { Variables: RestVariables };

export interface RestDeps {
  ctx: WorldContext;
  oauth: OAuthStore;
  interactions: InteractionStore;
  gatewayUrl(): string;
  publicUrl(): string;
}

