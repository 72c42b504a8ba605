// spec.config keys become environment variables of the server: `ip-allowlist` → IP_ALLOWLIST, as the
// seed's Deployment maps its ConfigMap. The variables the operator itself sets are reserved, so a
// config key can never silently override (or be overridden by) what runtime, ulimits, auth, tls and
// service decide.

/** Every environment variable the operator sets on the server container. */
export const OPERATOR_ENV = {
  listenPort: 'LISTEN_PORT',
  listenAddr: 'LISTEN_ADDR',
  gomaxprocs: 'GOMAXPROCS',
  gomemlimit: 'GOMEMLIMIT',
  gogc: 'GOGC',
  maxOpenFiles: 'ULIMIT_MAX_OPEN_FILES',
  maxMemorySize: 'ULIMIT_MAX_MEMORY_SIZE',
  maxCpuTime: 'ULIMIT_MAX_CPU_TIME',
  maxStackSize: 'ULIMIT_MAX_STACK_SIZE',
  maxCoreSize: 'ULIMIT_MAX_CORE_SIZE',
  authUsername: 'AUTH_USERNAME',
  authPassword: 'AUTH_PASSWORD',
  tlsEnabled: 'TLS_ENABLED',
  tlsCertFile: 'TLS_CERT_FILE',
  tlsKeyFile: 'TLS_KEY_FILE',
  tlsClientAuth: 'TLS_CLIENT_AUTH',
  tlsClientCaFile: 'TLS_CLIENT_CA_FILE',
} as const;

/** The environment variable a config key becomes. */
export function envNameOfConfigKey(key: string): string {
  return key.toUpperCase().replaceAll('-', '_');
}

/** The config key that would become `envName`. */
export function configKeyOfEnvName(envName: string): string {
  return envName.toLowerCase().replaceAll('_', '-');
}

export const RESERVED_CONFIG_KEYS: readonly string[] = Object.values(OPERATOR_ENV).map(configKeyOfEnvName);
