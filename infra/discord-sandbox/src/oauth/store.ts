import { createHash, randomBytes } from 'node:crypto';

export interface AuthCode {
  code: string;
  userId: string;
  clientId: string;
  redirectUri: string | null;
  scopes: string[];
  expiresAt: number;
  /** PKCE S256 challenge given at authorize; the token exchange must bring its verifier. */
  codeChallenge: string | null;
}

/** RFC 7636 S256: base64url(sha256(verifier)). */
export const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export interface AccessGrant {
  accessToken: string;
  refreshToken: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
}

const CODE_TTL_MS = 10 * 60_000;
/** Discord access tokens live a week. */
export const TOKEN_TTL_S = 604_800;

const token = () => randomBytes(20).toString('base64url');

/** OAuth2 codes and tokens of dashboard users, in memory like the rest of the sandbox. */
export class OAuthStore {
  private readonly codes = new Map<string, AuthCode>();
  private readonly byAccess = new Map<string, AccessGrant>();
  private readonly byRefresh = new Map<string, AccessGrant>();

  constructor(private readonly now: () => number) {}

  issueCode(userId: string, clientId: string, redirectUri: string | null, scopes: string[], codeChallenge: string | null = null): AuthCode {
    const code: AuthCode = { code: token(), userId, clientId, redirectUri, scopes, expiresAt: this.now() + CODE_TTL_MS, codeChallenge };
    this.codes.set(code.code, code);
    return code;
  }

  /** A code is single-use, as in Discord. */
  takeCode(code: string): AuthCode | null {
    const found = this.codes.get(code);
    this.codes.delete(code);
    return found && found.expiresAt > this.now() ? found : null;
  }

  grant(userId: string, scopes: string[]): AccessGrant {
    const g: AccessGrant = { accessToken: token(), refreshToken: token(), userId, scopes, expiresAt: this.now() + TOKEN_TTL_S * 1000 };
    this.byAccess.set(g.accessToken, g);
    this.byRefresh.set(g.refreshToken, g);
    return g;
  }

  /** Refreshing rotates both tokens and revokes the old pair. */
  refresh(refreshToken: string): AccessGrant | null {
    const old = this.byRefresh.get(refreshToken);
    if (!old) return null;
    this.revoke(old.accessToken);
    return this.grant(old.userId, old.scopes);
  }

  lookup(accessToken: string): AccessGrant | null {
    const g = this.byAccess.get(accessToken);
    return g && g.expiresAt > this.now() ? g : null;
  }

  revoke(tokenValue: string): void {
    const g = this.byAccess.get(tokenValue) ?? this.byRefresh.get(tokenValue);
    if (!g) return;
    this.byAccess.delete(g.accessToken);
    this.byRefresh.delete(g.refreshToken);
  }
}
