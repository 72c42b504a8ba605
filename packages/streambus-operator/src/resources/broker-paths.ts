// Where the broker container finds its files; broker.yaml and the StatefulSet must agree on them.

/** The broker image runs `streambus-broker --config=/config/broker.yaml` by default, so no command override is needed. */
export const CONFIG_MOUNT_PATH = '/config';
export const BROKER_CONFIG_FILE = 'broker.yaml';
export const DATA_MOUNT_PATH = '/data';
export const RAFT_MOUNT_PATH = '/raft';
/** The certSecretName Secret (kubernetes.io/tls: tls.crt, tls.key). */
export const TLS_MOUNT_PATH = '/etc/streambus/tls';
/** The caSecretName Secret (ca.crt). */
export const CA_MOUNT_PATH = '/etc/streambus/ca';
export const METRICS_PATH = '/metrics';
export const READINESS_PATH = '/health/ready';
export const LIVENESS_PATH = '/health/live';
