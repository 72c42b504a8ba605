import type { V1PolicyRule, V1Role } from '@kubernetes/client-node';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { authSecretName, childMetadata, configMapName, roleName, tlsSecretName } from './metadata.ts';

const READ = ['get', 'list', 'watch'];

/**
 * `<name>-role`: the seed's read access to ConfigMaps, Secrets and pods, narrowed to the objects the
 * server uses. The seed lets it read every Secret of the namespace; here resourceNames limit it to its
 * own ConfigMap and Secrets (list and watch then work only for those names, through a field selector,
 * which is how a client watches a single object). Pods keep the seed's unnamed access, as their names
 * are generated.
 */
export function desiredRole(tickStorm: DefaultedTickStorm): V1Role {
  const secrets = [authSecretName(tickStorm), tlsSecretName(tickStorm), tickStorm.spec.tls?.clientCASecretName].filter(
    (name): name is string => name !== undefined,
  );
  const rules: V1PolicyRule[] = [
    { apiGroups: [''], resources: ['configmaps'], resourceNames: [configMapName(tickStorm)], verbs: READ },
    { apiGroups: [''], resources: ['secrets'], resourceNames: [...new Set(secrets)], verbs: READ },
    { apiGroups: [''], resources: ['pods'], verbs: READ },
  ];
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: childMetadata(tickStorm, roleName(tickStorm)),
    rules,
  };
}
