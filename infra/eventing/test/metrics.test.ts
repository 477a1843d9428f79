import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { httpMetrics, metrics, opsApp, registry, type OpsState } from '../src/index.js';

/** The series text of one metric in the registry's exposition. */
const series = async (name: string): Promise<string[]> =>
  (await registry.metrics()).split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

describe('the ops server of a service', () => {
  it('/healthz answers while /readyz says starting, then ready once every check passes', async () => {
    const state: OpsState = { checks: null, stopping: false };
    const app = opsApp('svc', state);
    expect((await app.request('/healthz')).status).toBe(200);
    const starting = await app.request('/readyz');
    expect(starting.status).toBe(503);
    expect(await starting.json()).toMatchObject({ status: 'starting' });
    state.checks = { nats: () => undefined, postgres: async () => 1 };
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', service: 'svc', checks: { nats: { ok: true }, postgres: { ok: true } } });
  });

  it('/readyz is 503 naming the failing dependency and why', async () => {
    const state: OpsState = {
      checks: {
        nats: () => undefined,
        postgres: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5999')),
      },
      stopping: false,
    };
    const res = await opsApp('svc', state).request('/readyz');
    expect(res.status).toBe(503);
    const text = await registry.metrics();
    expect(text).toMatch(/^guildhall_dependency_up\{dependency="postgres"\} 0$/m);
    expect(text).toMatch(/^guildhall_dependency_up\{dependency="nats"\} 1$/m);
    expect(await res.json()).toEqual({
      status: 'not_ready',
      service: 'svc',
      checks: { nats: { ok: true }, postgres: { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:5999' } },
    });
  });

  it('/readyz is 503 once the service is stopping (a load balancer drains it)', async () => {
    const res = await opsApp('svc', { checks: {}, stopping: true }).request('/readyz');
    expect(res.status).toBe(503);
  });

  it('/metrics exposes the hook points under the contract names', async () => {
    metrics.command('testctx', 'DoThing', 'rejected', 0.02);
    metrics.delivered('test-consumer', 7, true);
    metrics.deadLettered('test-consumer');
    metrics.projectionBatch('test_projection', 0.1, 3);
    metrics.discordRest(429);
    const res = await opsApp('svc', { checks: {}, stopping: false }).request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^guildhall_commands_total\{context="testctx",type="DoThing",outcome="rejected"\} 1$/m);
    expect(text).toMatch(/^guildhall_command_duration_seconds_count\{context="testctx",type="DoThing"\} 1$/m);
    expect(text).toMatch(/^guildhall_consumer_pending\{consumer="test-consumer"\} 7$/m);
    expect(text).toMatch(/^guildhall_consumer_redeliveries_total\{consumer="test-consumer"\} 1$/m);
    expect(text).toMatch(/^guildhall_dead_letters_total\{consumer="test-consumer"\} 1$/m);
    expect(text).toMatch(/^guildhall_projection_lag_events\{projection="test_projection"\} 3$/m);
    expect(text).toMatch(/^guildhall_discord_rest_requests_total\{status="429"\} 1$/m);
    expect(text).toMatch(/^guildhall_discord_rate_limited_total 1$/m);
  });
});

describe('httpMetrics', () => {
  it('counts by route pattern (not the raw path), method and status, with a latency histogram', async () => {
    const app = new Hono();
    app.use('*', httpMetrics());
    app.onError((_e, c) => c.json({ error: 'boom' }, 500));
    app.get('/things/:id', (c) => c.json({ id: c.req.param('id') }));
    app.get('/boom', () => {
      throw new Error('boom');
    });
    await app.request('/things/1');
    await app.request('/things/2');
    await app.request('/boom');
    await app.request('/nowhere');
    const counts = await series('guildhall_http_requests_total');
    expect(counts).toContain('guildhall_http_requests_total{route="/things/:id",method="GET",status="200"} 2');
    expect(counts).toContain('guildhall_http_requests_total{route="/boom",method="GET",status="500"} 1');
    expect(counts.some((l) => /status="404"\} 1$/.test(l))).toBe(true);
    expect(await series('guildhall_http_request_duration_seconds_count')).toContain(
      'guildhall_http_request_duration_seconds_count{route="/things/:id",method="GET"} 2',
    );
  });
});
