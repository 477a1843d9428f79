import { z } from 'zod';
import { type K8sObject, SelectorSchema, selects } from './k8s.js';

const PeerSchema = z.looseObject({
  podSelector: SelectorSchema.optional(),
  namespaceSelector: SelectorSchema.optional(),
  ipBlock: z.looseObject({ cidr: z.string(), except: z.array(z.string()).optional() }).optional(),
});
const PortSchema = z.looseObject({ protocol: z.string().optional(), port: z.union([z.number(), z.string()]).optional() });
const RuleSchema = (side: 'from' | 'to') =>
  z.looseObject({ [side]: z.array(PeerSchema).optional(), ports: z.array(PortSchema).optional() });
const NetworkPolicySchema = z.looseObject({
  metadata: z.looseObject({ name: z.string() }),
  spec: z.looseObject({
    podSelector: SelectorSchema,
    policyTypes: z.array(z.enum(['Ingress', 'Egress'])).optional(),
    ingress: z.array(RuleSchema('from')).optional(),
    egress: z.array(RuleSchema('to')).optional(),
  }),
});
type Policy = z.infer<typeof NetworkPolicySchema>;
type Peer = z.infer<typeof PeerSchema>;
type Port = z.infer<typeof PortSchema>;

/** A pod (in the policies' namespace or another one) or an address outside the cluster. */
export type Endpoint =
  | Readonly<{ kind: 'pod'; namespace: string; labels: Record<string, string> }>
  | Readonly<{ kind: 'external'; ip: string }>;

const ipToInt = (ip: string): number => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const inCidr = (ip: string, cidr: string): boolean => {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToInt(base!) / size) * size;
  const n = ipToInt(ip);
  return n >= start && n < start + size;
};

const peerMatches = (peer: Peer, policyNamespace: string, e: Endpoint): boolean => {
  if (peer.ipBlock) return e.kind === 'external' && inCidr(e.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(e.ip, c));
  if (e.kind === 'external') return false;
  const nsOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': e.namespace })
    : e.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, e.labels) : true;
  return nsOk && podOk;
};
const portMatches = (ports: Port[] | undefined, port: number): boolean =>
  !ports || ports.length === 0 || ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || p.port === port));

const typesOf = (p: Policy): string[] => p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
/** An empty selector `{}` selects every pod. */
const selectsPod = (p: Policy, labels: Record<string, string>): boolean =>
  (!p.spec.podSelector.matchLabels && !p.spec.podSelector.matchExpressions) || selects(p.spec.podSelector, labels);

/**
 * The NetworkPolicy semantics of Kubernetes for one namespace's policies: a pod selected by any
 * policy of a direction is isolated in it, and then only the union of those policies' rules lets
 * traffic through. A TCP connection from → to:port needs both the egress side and the ingress side.
 */
export class NetworkPolicies {
  private readonly policies: Policy[];

  constructor(
    objects: readonly K8sObject[],
    readonly namespace: string,
  ) {
    this.policies = objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => NetworkPolicySchema.parse(o));
  }

  allows(from: Endpoint, to: Endpoint, port: number): boolean {
    const egressOk = (() => {
      if (from.kind !== 'pod' || from.namespace !== this.namespace) return true;
      const applying = this.policies.filter((p) => typesOf(p).includes('Egress') && selectsPod(p, from.labels));
      if (applying.length === 0) return true;
      return applying.some((p) => (p.spec.egress ?? []).some((r) => portMatches(r.ports, port) && (!r.to || r.to.some((peer) => peerMatches(peer, this.namespace, to)))));
    })();
    const ingressOk = (() => {
      if (to.kind !== 'pod' || to.namespace !== this.namespace) return true;
      const applying = this.policies.filter((p) => typesOf(p).includes('Ingress') && selectsPod(p, to.labels));
      if (applying.length === 0) return true;
      return applying.some((p) => (p.spec.ingress ?? []).some((r) => portMatches(r.ports, port) && (!r.from || r.from.some((peer) => peerMatches(peer, this.namespace, from)))));
    })();
    return egressOk && ingressOk;
  }
}
