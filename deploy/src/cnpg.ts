import { z } from 'zod';

/**
 * Our own schema for the part of CloudNativePG's `Cluster` (postgresql.cnpg.io/v1) that Guildhall
 * uses: strict, so a misspelt field fails instead of being ignored by the operator. No npm
 * package bundles CloudNativePG's CRD schema; the fields and types follow its API reference.
 */
const quantity = z.union([z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/, 'must be a Kubernetes quantity'), z.number()]);
const labels = z.record(z.string(), z.string());
export const CnpgClusterSchema = z.strictObject({
  apiVersion: z.literal('postgresql.cnpg.io/v1'),
  kind: z.literal('Cluster'),
  metadata: z.looseObject({ name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/), namespace: z.string().optional(), labels: labels.optional(), annotations: labels.optional() }),
  spec: z.strictObject({
    instances: z.number().int().min(1),
    imageName: z.string().regex(/^[^:@\s]+(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, 'must be an image reference'),
    primaryUpdateStrategy: z.enum(['unsupervised', 'supervised']).optional(),
    bootstrap: z
      .strictObject({
        initdb: z.strictObject({ database: z.string().min(1), owner: z.string().min(1), secret: z.strictObject({ name: z.string() }).optional() }).optional(),
      })
      .optional(),
    storage: z.strictObject({ size: quantity, storageClass: z.string().optional() }),
    walStorage: z.strictObject({ size: quantity, storageClass: z.string().optional() }).optional(),
    resources: z
      .strictObject({ requests: z.record(z.string(), quantity).optional(), limits: z.record(z.string(), quantity).optional() })
      .optional(),
    inheritedMetadata: z.strictObject({ labels: labels.optional(), annotations: labels.optional() }).optional(),
    topologySpreadConstraints: z
      .array(
        z.strictObject({
          maxSkew: z.number().int().min(1),
          topologyKey: z.string().min(1),
          whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
          labelSelector: z.looseObject({ matchLabels: labels.optional() }),
        }),
      )
      .optional(),
    monitoring: z.strictObject({ enablePodMonitor: z.boolean().optional() }).optional(),
    backup: z.looseObject({ barmanObjectStore: z.looseObject({ destinationPath: z.string() }), retentionPolicy: z.string().optional() }).optional(),
  }),
});
