// The YAML blocks of the seed README (the Cyclone operator's), verbatim. Blocks that show only
// `spec:` are wrapped into a resource by the tests, as a user would.

export const SEED_SIMPLE = `
apiVersion: cyclone.dev/v1
kind: CycloneApp
metadata:
  name: my-cyclone-app
spec:
  version: "2.0.0"
  replicas: 3
  targetRPS: 1000000
  networking:
    enableRDMA: true
    enableDPDK: true
    enableXDP: true
`;

export const SEED_CUSTOM = `
apiVersion: cyclone.dev/v1
kind: CycloneApp
metadata:
  name: custom-cyclone-app
spec:
  version: "2.0.0"
  replicas: 5
  image: "my-registry/cyclone-web:v2.0.0"
  targetRPS: 2000000
  maxConnections: 500000

  networking:
    enableRDMA: true
    enableDPDK: true
    enableXDP: true
    zeroCopy: true

  resources:
    requests:
      cpu: "2000m"
      memory: "2Gi"
    limits:
      cpu: "4000m"
      memory: "4Gi"

  tls:
    enabled: true
    certificateSecret: "my-tls-secret"

  autoscaling:
    enabled: true
    minReplicas: 3
    maxReplicas: 50
    targetCPUUtilizationPercentage: 70
    targetRPS: 150000

  circuitBreaker:
    enabled: true
    failureThreshold: 10
    successThreshold: 5
    timeoutSeconds: 300
`;

export const SEED_ENVIRONMENTS = `
apiVersion: cyclone.dev/v1
kind: CycloneApp
metadata:
  name: production-api
spec:
  # Production-optimized settings
  targetRPS: 2000000
  replicas: 10
  resources:
    limits:
      cpu: "8000m"
      memory: "8Gi"
---
apiVersion: cyclone.dev/v1
kind: CycloneApp
metadata:
  name: staging-api
spec:
  # Development settings
  targetRPS: 100000
  replicas: 2
  resources:
    limits:
      cpu: "1000m"
      memory: "1Gi"
`;

export const SEED_SECURE = `
# Enforce restricted security context
apiVersion: cyclone.dev/v1
kind: CycloneApp
metadata:
  name: secure-app
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 65534
    allowPrivilegeEscalation: false
    capabilities:
      drop: ["ALL"]
    seccompProfile:
      type: "RuntimeDefault"
`;

export const SEED_OPTIMIZED = `
apiVersion: cyclone.dev/v1
kind: CycloneApp
metadata:
  name: optimized-app
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: kubernetes.io/os
            operator: In
            values:
            - linux
          - key: cyclone.dev/rdma-capable
            operator: In
            values:
            - "true"
  tolerations:
  - key: "cyclone.dev/high-performance"
    operator: "Equal"
    value: "true"
    effect: "NoSchedule"
`;

export const SEED_MEMORY = `
spec:
  resources:
    requests:
      memory: "2Gi"
      hugepages-2Mi: "1Gi"
    limits:
      memory: "4Gi"
      hugepages-2Mi: "2Gi"
  securityContext:
    hugepages:
    - mountPath: /dev/hugepages
      mountPropagation: HostToContainer
`;

export const SEED_NETWORK = `
spec:
  networking:
    enableRDMA: true
    enableDPDK: true
    enableXDP: true
  hostNetwork: true  # For maximum performance (use carefully)
  dnsPolicy: ClusterFirstWithHostNet
`;

/** The bodies of the seed's \`kubectl patch cycloneapp my-app --type merge -p ...\`. */
export const SEED_UPGRADE_PATCH = `{
  "spec": {
    "version": "2.1.0",
    "image": "cyclone/cyclone-web:v2.1.0"
  }
}`;

export const SEED_ROLLBACK_PATCH = `{
  "spec": {
    "version": "2.0.0",
    "image": "cyclone/cyclone-web:v2.0.0"
  }
}`;
