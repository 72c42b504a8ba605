// Where the Cyclone container finds what the operator gives it, and where it serves what the
// operator (and Prometheus, and the kubelet) reads. Shared by the config renderer and the Deployment.

/** The ConfigMap is mounted as a directory, not with subPath: the kubelet updates a directory mount in place, which is what hot reload needs. */
export const CONFIG_DIR = '/etc/cyclone';
export const CONFIG_FILE = 'config.toml';
export const TLS_DIR = '/etc/cyclone/tls';
export const METRICS_PATH = '/metrics';
export const LIVENESS_PATH = '/health/live';
export const READINESS_PATH = '/health/ready';
