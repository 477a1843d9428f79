import { z } from 'zod';

/** Faults injected through the control API, consumed by matching REST requests. */
export const FaultInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rate_limit'),
    method: z.string().toUpperCase().optional(),
    path: z.string().optional(),
    count: z.number().int().min(1).default(1),
    retryAfter: z.number().min(0).max(60).default(0.25),
    global: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('server_error'),
    method: z.string().toUpperCase().optional(),
    path: z.string().optional(),
    count: z.number().int().min(1).default(1),
    status: z.number().int().min(500).max(599).default(500),
  }),
  z.object({
    kind: z.literal('latency'),
    method: z.string().toUpperCase().optional(),
    path: z.string().optional(),
    count: z.number().int().min(1).default(1),
    ms: z.number().int().min(0).max(60_000),
  }),
]);
export type FaultInput = z.infer<typeof FaultInput>;
export type Fault = FaultInput & { id: number; hits: number };

export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  add(input: FaultInput): Fault {
    const fault = { ...input, id: this.nextId++, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  /** The first pending fault for this request, consumed by one. `path` is a substring match. */
  take(method: string, path: string): Fault | null {
    const f = this.faults.find((x) => (!x.method || x.method === method) && (!x.path || path.includes(x.path)));
    if (!f) return null;
    f.hits += 1;
    f.count -= 1;
    if (f.count <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  clear(): void {
    this.faults = [];
  }
}
