import type { V1RoleBinding } from '@kubernetes/client-node';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { childMetadata, roleBindingName, roleName, serviceAccountName, tickStormNamespace } from './metadata.ts';

/** `<name>-rolebinding`: grants the Role <name>-role to the ServiceAccount <name>. */
export function desiredRoleBinding(tickStorm: DefaultedTickStorm): V1RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: childMetadata(tickStorm, roleBindingName(tickStorm)),
    subjects: [{ kind: 'ServiceAccount', name: serviceAccountName(tickStorm), namespace: tickStormNamespace(tickStorm) }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName(tickStorm) },
  };
}
