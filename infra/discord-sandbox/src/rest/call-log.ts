/** Every REST call the sandbox received, for tests and the control API (`GET /_sandbox/rest-calls`). */
export interface RestCall {
  id: number;
  at: string;
  method: string;
  path: string;
  /** Bucket route, ids other than the major one replaced by :id. */
  route: string;
  status: number;
  auth: 'bot' | 'bearer' | 'none';
  auditLogReason: string | null;
  body: unknown;
}

const MAX_CALLS = 5000;

export class RestCallLog {
  private calls: RestCall[] = [];
  private nextId = 1;

  record(call: Omit<RestCall, 'id'>): void {
    this.calls.push({ id: this.nextId++, ...call });
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
  }

  list(filter: { method?: string | undefined; path?: string | undefined; auth?: string | undefined } = {}): RestCall[] {
    return this.calls.filter(
      (c) => (!filter.method || c.method === filter.method.toUpperCase()) && (!filter.path || c.path.includes(filter.path)) && (!filter.auth || c.auth === filter.auth),
    );
  }

  clear(): void {
    this.calls = [];
  }
}
