import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The one Prometheus registry of a service process and every Guildhall metric. The names are a
 * contract with the alert rules (deploy/prometheus): change them together. Consumers do not touch
 * prom-client: they call the hook functions of `metrics` below, so moving a consumer (e.g. onto the
 * reactor) only moves a call.
 */
export const registry = new Registry();

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const httpRequests = new Counter({
  name: 'guildhall_http_requests_total',
  help: 'HTTP requests served, by route pattern, method and status code',
  labelNames: ['route', 'method', 'status'] as const,
  registers: [registry],
});
const httpDuration = new Histogram({
  name: 'guildhall_http_request_duration_seconds',
  help: 'HTTP request duration, by route pattern and method',
  labelNames: ['route', 'method'] as const,
  buckets: latencyBuckets,
  registers: [registry],
});
const commands = new Counter({
  name: 'guildhall_commands_total',
  help: 'Commands settled by a handler, by context, type and outcome (handled, rejected, dead_lettered)',
  labelNames: ['context', 'type', 'outcome'] as const,
  registers: [registry],
});
const commandDuration = new Histogram({
  name: 'guildhall_command_duration_seconds',
  help: 'Time to decide and append one command, by context and type',
  labelNames: ['context', 'type'] as const,
  buckets: latencyBuckets,
  registers: [registry],
});
const projectionLag = new Gauge({
  name: 'guildhall_projection_lag_events',
  help: 'Commits in the events stream not yet applied to the read model',
  labelNames: ['projection'] as const,
  registers: [registry],
});
const projectionBatch = new Histogram({
  name: 'guildhall_projection_batch_seconds',
  help: 'Time to apply one batch of commits to a read model (one transaction)',
  labelNames: ['projection'] as const,
  buckets: latencyBuckets,
  registers: [registry],
});
const consumerPending = new Gauge({
  name: 'guildhall_consumer_pending',
  help: 'Messages waiting for a JetStream consumer (as of its last delivery)',
  labelNames: ['consumer'] as const,
  registers: [registry],
});
const consumerRedeliveries = new Counter({
  name: 'guildhall_consumer_redeliveries_total',
  help: 'Messages a JetStream consumer received again (a nak, a timeout, a crashed worker)',
  labelNames: ['consumer'] as const,
  registers: [registry],
});
const deadLetters = new Counter({
  name: 'guildhall_dead_letters_total',
  help: 'Messages a consumer gave up on and dead-lettered',
  labelNames: ['consumer'] as const,
  registers: [registry],
});
const botPing = new Gauge({
  name: 'guildhall_bot_gateway_ping_seconds',
  help: 'Discord gateway heartbeat round trip',
  registers: [registry],
});
const botConnected = new Gauge({
  name: 'guildhall_bot_connected',
  help: '1 while a shard is connected to the Discord gateway, else 0',
  labelNames: ['shard'] as const,
  registers: [registry],
});
const botReconnects = new Counter({
  name: 'guildhall_bot_reconnects_total',
  help: 'Discord gateway reconnections (resumes and new sessions)',
  registers: [registry],
});
const discordRest = new Counter({
  name: 'guildhall_discord_rest_requests_total',
  help: 'Discord REST calls, by HTTP status',
  labelNames: ['status'] as const,
  registers: [registry],
});
const discordRateLimited = new Counter({
  name: 'guildhall_discord_rate_limited_total',
  help: 'Discord REST calls answered 429 or held back by a rate limit',
  registers: [registry],
});
const sseClients = new Gauge({
  name: 'guildhall_sse_clients',
  help: 'Open server-sent-event connections',
  registers: [registry],
});
const schedulerTimers = new Gauge({
  name: 'guildhall_scheduler_timers',
  help: 'Timers armed by a scheduler (e.g. case expiries)',
  registers: [registry],
});

const dependencyUp = new Gauge({
  name: 'guildhall_dependency_up',
  help: "1 while a dependency of the service answers its readiness check (nats, postgres, discord), else 0",
  labelNames: ['dependency'] as const,
  registers: [registry],
});

export type CommandOutcome = 'handled' | 'rejected' | 'dead_lettered';

/** The hook points consumers, adapters and servers call. Each is cheap and never throws. */
export const metrics = {
  httpRequest(route: string, method: string, status: number, seconds: number): void {
    httpRequests.inc({ route, method, status: String(status) });
    httpDuration.observe({ route, method }, seconds);
  },
  command(context: string, type: string, outcome: CommandOutcome, seconds?: number): void {
    commands.inc({ context, type, outcome });
    if (seconds !== undefined) commandDuration.observe({ context, type }, seconds);
  },
  projectionBatch(projection: string, seconds: number, behind: number): void {
    projectionBatch.observe({ projection }, seconds);
    projectionLag.set({ projection }, behind);
  },
  projectionLag(projection: string, behind: number): void {
    projectionLag.set({ projection }, behind);
  },
  /** A delivery of a JetStream consumer: its pending count then, and whether it was a redelivery. */
  delivered(consumer: string, pending: number, redelivered: boolean): void {
    consumerPending.set({ consumer }, pending);
    if (redelivered) consumerRedeliveries.inc({ consumer });
  },
  deadLettered(consumer: string): void {
    deadLetters.inc({ consumer });
  },
  botPing(seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) botPing.set(seconds);
  },
  botConnected(shard: number, connected: boolean): void {
    botConnected.set({ shard: String(shard) }, connected ? 1 : 0);
  },
  botReconnected(): void {
    botReconnects.inc();
  },
  discordRest(status: number): void {
    discordRest.inc({ status: String(status) });
    if (status === 429) discordRateLimited.inc();
  },
  discordRateLimited(): void {
    discordRateLimited.inc();
  },
  sseClientOpened(): void {
    sseClients.inc();
  },
  sseClientClosed(): void {
    sseClients.dec();
  },
  schedulerTimers(count: number): void {
    schedulerTimers.set(count);
  },
  dependencyUp(dependency: string, up: boolean): void {
    dependencyUp.set({ dependency }, up ? 1 : 0);
  },
};

let defaultsOn = false;
/** Labels every series with the service name and adds Node's process metrics (once per process). */
export const enableProcessMetrics = (service: string): void => {
  registry.setDefaultLabels({ service });
  if (defaultsOn) return;
  defaultsOn = true;
  collectDefaultMetrics({ register: registry });
};
