import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Container, hasKubectl, idOf, type K8sObject, k8sDir, renderKustomization, SelectorSchema, selects, unknownPodFields, validateObject, workloadsOf } from '../src/k8s.js';
import { type Endpoint, NetworkPolicies } from '../src/network-policy.js';

const run = promisify(execFile);
const kubectl = await hasKubectl();
if (!kubectl) console.warn('k8s tests skipped: kubectl is not installed (it renders the kustomize overlays)');

const overlays = ['dev', 'prod', 'prod-keda'] as const;
type Overlay = (typeof overlays)[number];
const NS = 'guildhall';

const containersOf = (objects: readonly K8sObject[]): { owner: string; kind: string; container: Container }[] =>
  workloadsOf(objects).flatMap((w) => [...w.pod.containers, ...(w.pod.initContainers ?? [])].map((container) => ({ owner: idOf(w.obj), kind: w.obj.kind, container })));

const byKind = (objects: readonly K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);
const named = (objects: readonly K8sObject[], kind: string, name: string): K8sObject => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} is not in the render`);
  return o;
};
const spec = (o: K8sObject): Record<string, unknown> => o.spec as Record<string, unknown>;

describe.skipIf(!kubectl)('k8s/: kustomize renders each overlay and every object validates offline', () => {
  const rendered = {} as Record<Overlay, K8sObject[]>;
  beforeAll(async () => {
    for (const o of overlays) rendered[o] = await renderKustomization(k8sDir('overlays', o));
  });

  it.each(overlays)('%s: renders, each object valid against its schema (Kubernetes, Prometheus Operator, KEDA, CloudNativePG)', (overlay) => {
    const objects = rendered[overlay];
    expect(objects.length).toBeGreaterThan(30);
    const errors = objects.flatMap((o) => validateObject(o).map((e) => `${idOf(o)}: ${e}`));
    expect(errors).toEqual([]);
    // Everything lives in the guildhall namespace (the Namespace itself aside).
    expect(objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== NS).map(idOf)).toEqual([]);
  });

  it.each(overlays)('%s: pod templates and containers use only fields Kubernetes knows (the schemas let typos through)', (overlay) => {
    const typos = workloadsOf(rendered[overlay]).flatMap((w) => unknownPodFields(w.pod).map((f) => `${idOf(w.obj)}: ${f}`));
    expect(typos).toEqual([]);
    const broken = structuredClone(workloadsOf(rendered[overlay])[0]!.pod);
    (broken.containers[0] as Record<string, unknown>).readinesProbe = {};
    expect(unknownPodFields(broken)).toEqual([`${broken.containers[0]!.name}.readinesProbe`]);
  });

  it('the schemas do reject a broken object (the validation can fail)', () => {
    const dep = structuredClone(named(rendered.prod, 'Deployment', 'http'));
    (spec(dep).replicas as unknown) = 'two';
    expect(validateObject(dep).join()).toMatch(/replicas must be integer/);
    const cluster = structuredClone(named(rendered.prod, 'Cluster', 'guildhall-pg'));
    (spec(cluster) as Record<string, unknown>).instance = 3;
    expect(validateObject(cluster).join()).toMatch(/instance/);
    expect(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([expect.stringMatching(/no schema for this kind/)]);
  });

  describe.each(overlays)('%s: security and operability rules hold for every container', (overlay) => {
    const objects = () => rendered[overlay];

    it('each container has requests and limits for cpu and memory', () => {
      const bad = containersOf(objects()).filter(({ container: c }) => !(c.resources?.requests?.cpu && c.resources.requests.memory && c.resources.limits?.cpu && c.resources.limits.memory));
      expect(bad.map((b) => `${b.owner}/${b.container.name}`)).toEqual([]);
    });

    it('each long-running container has startup, liveness and readiness probes (a Job runs to completion: none)', () => {
      const bad = containersOf(objects()).filter(({ kind, container: c }) => kind !== 'Job' && !(c.startupProbe && c.livenessProbe && c.readinessProbe));
      expect(bad.map((b) => `${b.owner}/${b.container.name}`)).toEqual([]);
    });

    it('each pod: runAsNonRoot, seccomp RuntimeDefault, no service-account token; each container: read-only root, no privilege escalation, all capabilities dropped', () => {
      const problems: string[] = [];
      for (const w of workloadsOf(objects())) {
        const id = idOf(w.obj);
        if (w.pod.securityContext?.runAsNonRoot !== true) problems.push(`${id}: pod runAsNonRoot`);
        if (w.pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${id}: seccomp RuntimeDefault`);
        if (w.pod.automountServiceAccountToken !== false) problems.push(`${id}: automountServiceAccountToken false`);
        for (const c of [...w.pod.containers, ...(w.pod.initContainers ?? [])]) {
          const sc = c.securityContext;
          if (sc?.runAsNonRoot === false || (sc?.runAsNonRoot !== true && w.pod.securityContext?.runAsNonRoot !== true)) problems.push(`${id}/${c.name}: runAsNonRoot`);
          if (sc?.readOnlyRootFilesystem !== true) problems.push(`${id}/${c.name}: readOnlyRootFilesystem`);
          if (sc?.allowPrivilegeEscalation !== false) problems.push(`${id}/${c.name}: allowPrivilegeEscalation false`);
          if (!sc?.capabilities?.drop?.includes('ALL')) problems.push(`${id}/${c.name}: capabilities drop ALL`);
          if (sc?.capabilities?.add?.length) problems.push(`${id}/${c.name}: adds capabilities`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('each image is pinned (a version tag or a digest; never latest, never untagged)', () => {
      const pinned = /^[a-z0-9./-]+(:[0-9][\w.-]*)?(@sha256:[a-f0-9]{64})?$/;
      const bad = containersOf(objects())
        .map(({ owner, container: c }) => ({ owner, image: c.image }))
        .filter(({ image }) => !pinned.test(image) || !/(:[0-9][\w.-]*|@sha256:[a-f0-9]{64})$/.test(image));
      expect(bad).toEqual([]);
      const cluster = objects().find((o) => o.kind === 'Cluster');
      if (cluster) expect(spec(cluster).imageName).toMatch(/:\d+(\.\d+)+$/);
    });

    it('each replicated workload spreads over zones or nodes and has a PodDisruptionBudget that selects it', () => {
      const pdbs = byKind(objects(), 'PodDisruptionBudget').map((p) => SelectorSchema.parse(spec(p).selector));
      const problems: string[] = [];
      for (const w of workloadsOf(objects()).filter((x) => x.obj.kind !== 'Job')) {
        const id = idOf(w.obj);
        if (w.replicas > 1 || w.obj.kind === 'StatefulSet' || ['http', 'moderation', 'community', 'messaging'].includes(w.obj.metadata.name)) {
          if (!w.pod.topologySpreadConstraints?.length) problems.push(`${id}: no topologySpreadConstraints`);
          if (!pdbs.some((s) => selects(s, w.podLabels))) problems.push(`${id}: no PodDisruptionBudget`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('every ConfigMap and Secret a container names exists in the render (or is written by CloudNativePG)', () => {
      const have = new Set(objects().filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret').map((o) => `${o.kind}/${o.metadata.name}`));
      const cnpg = objects().find((o) => o.kind === 'Cluster');
      if (cnpg) have.add(`Secret/${cnpg.metadata.name}-app`);
      const missing: string[] = [];
      for (const { owner, container: c } of containersOf(objects())) {
        for (const e of c.envFrom ?? []) {
          if (e.configMapRef && !have.has(`ConfigMap/${e.configMapRef.name}`)) missing.push(`${owner}: ConfigMap/${e.configMapRef.name}`);
          if (e.secretRef && !have.has(`Secret/${e.secretRef.name}`)) missing.push(`${owner}: Secret/${e.secretRef.name}`);
        }
        for (const e of c.env ?? []) {
          const s = e.valueFrom?.secretKeyRef;
          if (s && !have.has(`Secret/${s.name}`)) missing.push(`${owner}: Secret/${s.name}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it('every PostgreSQL client (guildhall.dev/postgres-client) gets DATABASE_URL from a Secret: the dev one, or the one CloudNativePG writes in prod', () => {
      const cnpg = objects().find((o) => o.kind === 'Cluster');
      const wanted = cnpg ? { name: `${cnpg.metadata.name}-app`, key: 'uri' } : { name: 'guildhall-database', key: 'DATABASE_URL' };
      const bad = workloadsOf(objects())
        .filter((w) => w.podLabels['guildhall.dev/postgres-client'] === 'true')
        .filter((w) => JSON.stringify(w.pod.containers[0]!.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef) !== JSON.stringify(wanted))
        .map((w) => idOf(w.obj));
      expect(bad).toEqual([]);
    });

    it('Secrets carry no values in the repository', () => {
      const withValues = byKind(objects(), 'Secret')
        .filter((s) => !(overlay === 'dev' && s.metadata.name === 'guildhall-database')) // dev: trust auth, no password in it
        .flatMap((s) => Object.entries({ ...(s.stringData as Record<string, string> | undefined), ...(s.data as Record<string, string> | undefined) }).filter(([, v]) => v !== '').map(([k]) => `${s.metadata.name}.${k}`));
      expect(withValues).toEqual([]);
      if (overlay === 'dev') expect(Buffer.from((named(objects(), 'Secret', 'guildhall-database').data as Record<string, string>).DATABASE_URL!, 'base64').toString()).toBe('postgres://postgres@postgres:5432/guildhall');
    });

    it('the API sits behind an Ingress with TLS for its host; the API and the command handlers have an autoscaler', () => {
      const ingress = named(objects(), 'Ingress', 'guildhall');
      const s = spec(ingress) as { tls: { hosts: string[]; secretName: string }[]; rules: { host: string }[] };
      expect(s.tls[0]!.secretName).toBeTruthy();
      expect(s.tls[0]!.hosts).toEqual(s.rules.map((r) => r.host));
      // The live stream (SSE) passes unbuffered and may stay open; HTTP is redirected to HTTPS.
      expect(ingress.metadata.annotations).toMatchObject({
        'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
        'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
        'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
      });
      const scaled = new Set([
        ...byKind(objects(), 'HorizontalPodAutoscaler').map((h) => (spec(h).scaleTargetRef as { name: string }).name),
        ...byKind(objects(), 'ScaledObject').map((h) => (spec(h).scaleTargetRef as { name: string }).name),
      ]);
      for (const name of ['http', 'moderation', 'community', 'messaging']) expect(scaled, name).toContain(name);
      const deployments = new Set(byKind(objects(), 'Deployment').map((d) => d.metadata.name));
      expect([...scaled].filter((n) => !deployments.has(n)), 'autoscaler targets that are not Deployments').toEqual([]);
      // One autoscaler per target: KEDA's ScaledObject replaces the CPU HPA, never joins it.
      const targets = [...byKind(objects(), 'HorizontalPodAutoscaler'), ...byKind(objects(), 'ScaledObject')].map((h) => (spec(h).scaleTargetRef as { name: string }).name);
      expect(targets.length).toBe(new Set(targets).size);
    });

    it('every Guildhall pod exposes a "metrics" port that a PodMonitor scrapes, and NATS its exporter', () => {
      const monitors = byKind(objects(), 'PodMonitor').map((m) => ({
        selector: SelectorSchema.parse(spec(m).selector),
        ports: (spec(m).podMetricsEndpoints as { port: string }[]).map((e) => e.port),
      }));
      const unscraped = workloadsOf(objects())
        // PostgreSQL is scraped through CloudNativePG's own PodMonitor; the dev sandbox has no /metrics.
        .filter((w) => w.obj.kind !== 'Job' && !['postgres', 'sandbox'].includes(w.obj.metadata.name))
        .filter((w) => !monitors.some((m) => selects(m.selector, w.podLabels) && w.pod.containers.some((c) => c.ports?.some((p) => p.name !== undefined && m.ports.includes(p.name)))))
        .map((w) => idOf(w.obj));
      expect(unscraped).toEqual([]);
    });
  });

  describe.each(['dev', 'prod'] as const)('%s: NetworkPolicy (default deny, then the flows Guildhall needs)', (overlay) => {
    const pods = (objects: readonly K8sObject[]) => Object.fromEntries(workloadsOf(objects).map((w) => [w.obj.metadata.name, { kind: 'pod', namespace: NS, labels: w.podLabels } as Endpoint]));
    const setup = () => {
      const objects = rendered[overlay];
      const p = pods(objects);
      const cluster = objects.find((o) => o.kind === 'Cluster');
      // CloudNativePG's instance pods: its own label plus the inheritedMetadata labels.
      const postgres: Endpoint = cluster
        ? { kind: 'pod', namespace: NS, labels: { 'cnpg.io/cluster': cluster.metadata.name, ...((spec(cluster).inheritedMetadata as { labels: Record<string, string> }).labels) } }
        : p.postgres!;
      return { np: new NetworkPolicies(objects, NS), p, postgres };
    };

    it('a default-deny policy isolates every pod in both directions', () => {
      const deny = byKind(rendered[overlay], 'NetworkPolicy').find((o) => JSON.stringify(spec(o).podSelector) === '{}' && !spec(o).ingress && !spec(o).egress);
      expect(deny && spec(deny).policyTypes).toEqual(['Ingress', 'Egress']);
      const { np, p } = setup();
      const stranger: Endpoint = { kind: 'pod', namespace: NS, labels: { app: 'stranger' } };
      expect(np.allows(stranger, p.nats!, 4222)).toBe(false);
      expect(np.allows(p.http!, stranger, 8080)).toBe(false);
      expect(np.allows({ kind: 'pod', namespace: 'other', labels: {} }, p.http!, 8080)).toBe(false);
    });

    it('allows: services → NATS, the NATS cluster routes, handlers → PostgreSQL, DNS, ingress → API, Prometheus → metrics, bot/API → Discord', () => {
      const { np, p, postgres } = setup();
      for (const svc of ['moderation', 'community', 'messaging', 'music', 'automation', 'appeals', 'notifier', 'projections', 'audit', 'http', 'bot']) expect(np.allows(p[svc]!, p.nats!, 4222), `${svc} → nats`).toBe(true);
      expect(np.allows(p.nats!, p.nats!, 6222)).toBe(true);
      for (const svc of ['moderation', 'community', 'messaging', 'appeals', 'projections', 'http', 'migrations']) expect(np.allows(p[svc]!, postgres, 5432), `${svc} → postgres`).toBe(true);
      const dns: Endpoint = { kind: 'pod', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
      for (const svc of Object.keys(p)) expect(np.allows(p[svc]!, dns, 53), `${svc} → dns`).toBe(true);
      expect(np.allows({ kind: 'pod', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } }, p.http!, 8080)).toBe(true);
      const prometheus: Endpoint = { kind: 'pod', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
      for (const svc of ['moderation', 'http', 'bot', 'projections']) expect(np.allows(prometheus, p[svc]!, 9464), `prometheus → ${svc}`).toBe(true);
      expect(np.allows(prometheus, p.nats!, 7777)).toBe(true);
      const discord: Endpoint = { kind: 'external', ip: '162.159.135.232' };
      expect(np.allows(p.bot!, discord, 443)).toBe(true);
      expect(np.allows(p.http!, discord, 443)).toBe(true);
      // The notifier → an SMTP server on the internet: submission, SMTPS, relay.
      const smtp: Endpoint = { kind: 'external', ip: '203.0.113.25' };
      for (const port of [587, 465, 25]) expect(np.allows(p.notifier!, smtp, port), `notifier → smtp:${port}`).toBe(true);
      if (overlay === 'dev') {
        expect(np.allows(p.bot!, p.sandbox!, 8081)).toBe(true);
        expect(np.allows(p.http!, p.sandbox!, 8081)).toBe(true);
      }
    });

    it('denies what no service needs: the bot → PostgreSQL, handlers → the internet, ingress → NATS, the API → cluster-internal addresses', () => {
      const { np, p, postgres } = setup();
      expect(np.allows(p.bot!, postgres, 5432)).toBe(false);
      expect(np.allows(p.moderation!, { kind: 'external', ip: '162.159.135.232' }, 443)).toBe(false);
      expect(np.allows({ kind: 'pod', namespace: 'ingress-nginx', labels: {} }, p.nats!, 4222)).toBe(false);
      expect(np.allows(p.http!, { kind: 'external', ip: '10.0.0.1' }, 443)).toBe(false);
      expect(np.allows(p.http!, p.nats!, 6222)).toBe(false);
      expect(np.allows(p.projections!, p.bot!, 9464)).toBe(false);
      // SMTP is the notifier's alone, never to cluster-internal addresses; it needs neither PostgreSQL nor HTTPS out.
      expect(np.allows(p.moderation!, { kind: 'external', ip: '203.0.113.25' }, 587)).toBe(false);
      expect(np.allows(p.http!, { kind: 'external', ip: '203.0.113.25' }, 25)).toBe(false);
      expect(np.allows(p.notifier!, { kind: 'external', ip: '10.0.0.25' }, 587)).toBe(false);
      expect(np.allows(p.notifier!, { kind: 'external', ip: '203.0.113.25' }, 443)).toBe(false);
      expect(np.allows(p.notifier!, postgres, 5432)).toBe(false);
    });
  });

  it('prod: NATS is a 3-node JetStream cluster on nats-server ≥ 2.10.19 with file storage on PVCs', () => {
    const nats = named(rendered.prod, 'StatefulSet', 'nats');
    const s = spec(nats) as { replicas: number; volumeClaimTemplates: { metadata: { name: string } }[]; template: { spec: { containers: Container[] } } };
    expect(s.replicas).toBe(3);
    const server = s.template.spec.containers.find((c) => c.name === 'nats')!;
    const [, version] = /^nats:(\d+\.\d+\.\d+)(-[\w]+)?$/.exec(server.image) ?? [];
    expect(version, server.image).toBeDefined();
    const [maj, min, patch] = version!.split('.').map(Number) as [number, number, number];
    expect(maj > 2 || (maj === 2 && (min > 10 || (min === 10 && patch >= 19))), `${server.image} must be ≥ 2.10.19`).toBe(true);
    const conf = (named(rendered.prod, 'ConfigMap', 'nats-config').data as Record<string, string>)['nats.conf']!;
    expect(conf).toMatch(/jetstream \{\s*store_dir: \/data\/jetstream/);
    const routes = [...conf.matchAll(/nats:\/\/(nats-\d+)\.nats-headless:6222/g)].map((m) => m[1]);
    expect(routes).toEqual(['nats-0', 'nats-1', 'nats-2']);
    expect(s.volumeClaimTemplates.map((v) => v.metadata.name)).toEqual(['data']);
    expect(server.securityContext?.readOnlyRootFilesystem).toBe(true);
  });

  it('dev: one NATS without a cluster block; one PostgreSQL StatefulSet and no CloudNativePG; prod: a 3-instance Cluster and no PostgreSQL StatefulSet', () => {
    expect(spec(named(rendered.dev, 'StatefulSet', 'nats')).replicas).toBe(1);
    expect((named(rendered.dev, 'ConfigMap', 'nats-config').data as Record<string, string>)['nats.conf']).not.toMatch(/cluster/);
    expect(named(rendered.dev, 'StatefulSet', 'postgres')).toBeDefined();
    expect(byKind(rendered.dev, 'Cluster')).toEqual([]);
    expect(spec(named(rendered.prod, 'Cluster', 'guildhall-pg')).instances).toBe(3);
    expect(rendered.prod.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'postgres')).toBe(false);
    expect(rendered.prod.some((o) => o.metadata.name === 'sandbox')).toBe(false);
    expect((named(rendered.prod, 'ConfigMap', 'guildhall-config').data as Record<string, string>).PUBLIC_URL).toMatch(/^https:\/\//);
  });

  it.each(overlays)('%s: one notifier (Recreate, no autoscaler); it and http share NOTIFY_LINK_SECRET from one Secret; SMTP_URL and NOTIFY_FROM in the config map', (overlay) => {
    const objects = rendered[overlay];
    const notifier = workloadsOf(objects).find((w) => w.obj.kind === 'Deployment' && w.obj.metadata.name === 'notifier')!;
    expect(notifier.replicas).toBe(1);
    expect((spec(notifier.obj).strategy as { type: string }).type).toBe('Recreate');
    const targets = [...byKind(objects, 'HorizontalPodAutoscaler'), ...byKind(objects, 'ScaledObject')].map((h) => (spec(h).scaleTargetRef as { name: string }).name);
    expect(targets).not.toContain('notifier');
    expect(notifier.pod.containers[0]!.command).toEqual(['npm', 'run', 'start:notifier']);
    const linkSecret = (name: string) => {
      const w = workloadsOf(objects).find((x) => x.obj.kind === 'Deployment' && x.obj.metadata.name === name)!;
      return w.pod.containers[0]!.env?.find((e) => e.name === 'NOTIFY_LINK_SECRET')?.valueFrom?.secretKeyRef;
    };
    expect(linkSecret('notifier')).toEqual({ name: 'guildhall-notify', key: 'NOTIFY_LINK_SECRET' });
    expect(linkSecret('http')).toEqual(linkSecret('notifier'));
    expect(named(objects, 'Secret', 'guildhall-notify').metadata.annotations?.['guildhall.dev/filled-by']).toMatch(/NOTIFY_LINK_SECRET=/);
    const config = named(objects, 'ConfigMap', 'guildhall-config').data as Record<string, string>;
    expect(config.SMTP_URL).toMatch(/^smtps?:\/\/[^@/]+:\d+$/);
    expect(config.NOTIFY_FROM).toMatch(/<[^@\s]+@[^>\s]+>$/);
    expect(notifier.pod.containers[0]!.envFrom).toContainEqual({ configMapRef: { name: 'guildhall-config' } });
    // The dev mail catcher is never deployed here (compose's dev file runs it).
    expect(objects.some((o) => o.metadata.name === 'mail-catcher')).toBe(false);
  });

  it('migrations run as a Job; each workload starts its service with npm run start:<service>', () => {
    const job = workloadsOf(rendered.prod).find((w) => w.obj.kind === 'Job')!;
    expect(job.obj.metadata.name).toBe('migrations');
    expect(job.pod.containers[0]!.command).toEqual(['npm', 'run', 'migrate']);
    for (const svc of ['moderation', 'community', 'messaging', 'projections', 'http']) {
      expect(workloadsOf(rendered.prod).find((w) => w.obj.metadata.name === svc)!.pod.containers[0]!.command).toEqual(['npm', 'run', `start:${svc}`]);
    }
  });

  it.each(['dev', 'prod'] as const)('%s: the bot StatefulSet ordinals split the shards: each shard runs on exactly one pod', async (overlay) => {
    const bot = workloadsOf(rendered[overlay]).find((w) => w.obj.metadata.name === 'bot' && w.obj.kind === 'StatefulSet')!;
    const c = bot.pod.containers[0]!;
    const env = Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
    const shardCount = (named(rendered[overlay], 'ConfigMap', 'guildhall-config').data as Record<string, string>).DISCORD_SHARD_COUNT!;
    expect(Number(env.BOT_REPLICAS)).toBe(bot.replicas);
    // Run the container's own shell script (with `exec npm` replaced by printing the choice).
    const [shell, flag, script] = c.command!;
    expect([shell, flag]).toEqual(['sh', '-c']);
    const probe = script!.replace(/exec npm run start:bot/, 'printf "%s" "$DISCORD_SHARDS"');
    expect(probe).not.toBe(script);
    const seen: number[] = [];
    for (let ordinal = 0; ordinal < bot.replicas; ordinal++) {
      const { stdout } = await run(shell!, [flag!, probe], { env: { PATH: process.env.PATH, POD_NAME: `bot-${ordinal}`, BOT_REPLICAS: env.BOT_REPLICAS, DISCORD_SHARD_COUNT: shardCount } });
      const shards = stdout.trim().split('\n').at(-1)!.split(',').map(Number);
      expect(shards.length).toBeGreaterThan(0);
      seen.push(...shards);
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: Number(shardCount) }, (_, i) => i));
    if (overlay === 'prod') expect(bot.replicas).toBe(2);
    // A pod beyond the shards has nothing to run and says so instead of running every shard.
    const beyond = await run(shell!, [flag!, probe], { env: { PATH: process.env.PATH, POD_NAME: 'bot-9', BOT_REPLICAS: '10', DISCORD_SHARD_COUNT: '2' } }).then(
      () => 'ran',
      (e: { stderr: string }) => e.stderr,
    );
    expect(beyond).toMatch(/has no shard/);
  });
});
