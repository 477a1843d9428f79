import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { CnpgClusterSchema } from './cnpg.js';

const run = promisify(execFile);

/** The repository's root (deploy/src → ../..). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const k8sDir = (...parts: string[]): string => [repoRoot.replace(/\/$/, ''), 'k8s', ...parts].join('/');

/** A rendered Kubernetes object, just enough typed for the policy tests (zod-checked on render). */
export const K8sObjectSchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.looseObject({
    name: z.string().min(1),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
});
export type K8sObject = z.infer<typeof K8sObjectSchema>;

export const hasKubectl = async (): Promise<boolean> =>
  run('kubectl', ['version', '--client']).then(
    () => true,
    () => false,
  );

/** `kubectl kustomize <dir>` parsed into objects. */
export const renderKustomization = async (dir: string): Promise<K8sObject[]> => {
  const { stdout } = await run('kubectl', ['kustomize', dir], { maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(stdout).map((doc, i) => {
    if (doc.errors.length) throw new Error(`document ${i} of ${dir}: ${doc.errors[0]!.message}`);
    return K8sObjectSchema.parse(doc.toJS());
  });
};

type Validator = (data: unknown) => void;
type ModelClass = new (data: never) => { validate(): void };
const viaModel =
  (cls: ModelClass): Validator =>
  (data) =>
    new cls(data as never).validate();

/**
 * Every kind Guildhall's manifests may contain, each with its schema: the Kubernetes OpenAPI
 * schemas (and the Prometheus Operator's and KEDA's CRD schemas) bundled by kubernetes-models,
 * and our own zod schema for CloudNativePG's Cluster. A kind missing here fails validation.
 */
const validators: Record<string, Validator> = {
  'v1/Namespace': viaModel(Namespace as unknown as ModelClass),
  'v1/ConfigMap': viaModel(ConfigMap as unknown as ModelClass),
  'v1/Secret': viaModel(Secret as unknown as ModelClass),
  'v1/Service': viaModel(Service as unknown as ModelClass),
  'apps/v1/Deployment': viaModel(Deployment as unknown as ModelClass),
  'apps/v1/StatefulSet': viaModel(StatefulSet as unknown as ModelClass),
  'batch/v1/Job': viaModel(Job as unknown as ModelClass),
  'autoscaling/v2/HorizontalPodAutoscaler': viaModel(HorizontalPodAutoscaler as unknown as ModelClass),
  'policy/v1/PodDisruptionBudget': viaModel(PodDisruptionBudget as unknown as ModelClass),
  'networking.k8s.io/v1/Ingress': viaModel(Ingress as unknown as ModelClass),
  'networking.k8s.io/v1/NetworkPolicy': viaModel(NetworkPolicy as unknown as ModelClass),
  'monitoring.coreos.com/v1/PodMonitor': viaModel(PodMonitor as unknown as ModelClass),
  'monitoring.coreos.com/v1/PrometheusRule': viaModel(PrometheusRule as unknown as ModelClass),
  'keda.sh/v1alpha1/ScaledObject': viaModel(ScaledObject as unknown as ModelClass),
  'postgresql.cnpg.io/v1/Cluster': (data) => {
    const r = CnpgClusterSchema.safeParse(data);
    if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  },
};

/** The schema errors of one object ([] = valid). */
export const validateObject = (obj: K8sObject): string[] => {
  const validate = validators[`${obj.apiVersion}/${obj.kind}`];
  if (!validate) return [`${obj.apiVersion}/${obj.kind}: no schema for this kind (add one to deploy/src/k8s.ts)`];
  try {
    validate(obj);
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
};

export const idOf = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;

// The parts of workloads the policy tests read, parsed with zod (loose: other fields pass).
const ProbeSchema = z.looseObject({});
const SecurityContextSchema = z.looseObject({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  capabilities: z.looseObject({ drop: z.array(z.string()).optional(), add: z.array(z.string()).optional() }).optional(),
  seccompProfile: z.looseObject({ type: z.string() }).optional(),
});
const EnvSchema = z.looseObject({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z
    .looseObject({
      secretKeyRef: z.looseObject({ name: z.string(), key: z.string() }).optional(),
      configMapKeyRef: z.looseObject({ name: z.string(), key: z.string() }).optional(),
    })
    .optional(),
});
export const ContainerSchema = z.looseObject({
  name: z.string(),
  image: z.string(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  ports: z.array(z.looseObject({ name: z.string().optional(), containerPort: z.number() })).optional(),
  env: z.array(EnvSchema).optional(),
  envFrom: z.array(z.looseObject({ configMapRef: z.looseObject({ name: z.string() }).optional(), secretRef: z.looseObject({ name: z.string() }).optional() })).optional(),
  resources: z.looseObject({ requests: z.record(z.string(), z.union([z.string(), z.number()])).optional(), limits: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).optional(),
  startupProbe: ProbeSchema.optional(),
  livenessProbe: ProbeSchema.optional(),
  readinessProbe: ProbeSchema.optional(),
  securityContext: SecurityContextSchema.optional(),
});
export type Container = z.infer<typeof ContainerSchema>;
export const PodSpecSchema = z.looseObject({
  containers: z.array(ContainerSchema),
  initContainers: z.array(ContainerSchema).optional(),
  securityContext: SecurityContextSchema.optional(),
  automountServiceAccountToken: z.boolean().optional(),
  topologySpreadConstraints: z.array(z.looseObject({ topologyKey: z.string() })).optional(),
});
export type PodSpec = z.infer<typeof PodSpecSchema>;
const WorkloadSchema = z.looseObject({
  spec: z.looseObject({
    replicas: z.number().optional(),
    selector: z.looseObject({ matchLabels: z.record(z.string(), z.string()) }).optional(),
    template: z.looseObject({
      metadata: z.looseObject({ labels: z.record(z.string(), z.string()) }).optional(),
      spec: PodSpecSchema,
    }),
  }),
});

export const workloadKinds = ['Deployment', 'StatefulSet', 'Job'] as const;
export type Workload = Readonly<{ obj: K8sObject; replicas: number; podLabels: Record<string, string>; pod: PodSpec }>;

/** Deployments, StatefulSets and Jobs with their pod template. */
export const workloadsOf = (objects: readonly K8sObject[]): Workload[] =>
  objects
    .filter((o) => (workloadKinds as readonly string[]).includes(o.kind))
    .map((obj) => {
      const w = WorkloadSchema.parse(obj);
      return { obj, replicas: w.spec.replicas ?? 1, podLabels: w.spec.template.metadata?.labels ?? {}, pod: w.spec.template.spec };
    });

/** Does a label selector `{matchLabels, matchExpressions}` select these labels? */
export const SelectorSchema = z.looseObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(z.looseObject({ key: z.string(), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).optional() })).optional(),
});
export type Selector = z.infer<typeof SelectorSchema>;
export const selects = (selector: Selector | undefined, labels: Record<string, string>): boolean => {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const has = Object.hasOwn(labels, e.key);
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(labels[e.key]!);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(labels[e.key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
  return byLabels && byExpressions;
};

/**
 * The Kubernetes schemas accept unknown fields (the API server drops them silently), so a typo
 * such as `readinesProbe` would pass validation. For the objects we edit most, the fields of
 * core/v1 Container and PodSpec (Kubernetes 1.32) are listed here and anything else is reported.
 */
const containerFields = new Set([
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy',
  'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath',
  'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty',
]);
const podSpecFields = new Set([
  'volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds',
  'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'nodeName', 'hostNetwork', 'hostPID',
  'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain', 'affinity', 'schedulerName',
  'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'dnsConfig', 'readinessGates', 'runtimeClassName', 'enableServiceLinks',
  'preemptionPolicy', 'overhead', 'topologySpreadConstraints', 'setHostnameAsFQDN', 'os', 'hostUsers', 'schedulingGates', 'resourceClaims',
]);
export const unknownPodFields = (pod: PodSpec): string[] => [
  ...Object.keys(pod).filter((k) => !podSpecFields.has(k)).map((k) => `spec.${k}`),
  ...[...pod.containers, ...(pod.initContainers ?? [])].flatMap((c) => Object.keys(c).filter((k) => !containerFields.has(k)).map((k) => `${c.name}.${k}`)),
];
