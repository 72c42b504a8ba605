{{/*
The operator's permissions, from the operator chart's files/rbac-rules.yaml (generated from the
operator's code, used as it is): a ClusterRole and ClusterRoleBinding with rbac.scope=cluster, or
a Role and RoleBinding in each of watchNamespaces with rbac.scope=namespace.
*/}}

{{/*
The namespaces the operator's RBAC covers in namespace scope. Fails early with a clear message
rather than rendering an operator that can read nothing.
*/}}
{{- define "operator-common.rbacNamespaces" -}}
{{- if eq .Values.rbac.scope "namespace" }}
{{- if not .Values.watchNamespaces }}
{{- fail "rbac.scope=namespace needs watchNamespaces: the namespaces to grant the operator access to (e.g. --set watchNamespaces={team-a,team-b})" }}
{{- end }}
{{- join "," (uniq .Values.watchNamespaces) }}
{{- end }}
{{- end }}

{{- define "operator-common.rules" -}}
{{ required "files/rbac-rules.yaml is missing: the operator chart's generated RBAC rules" (.Files.Get "files/rbac-rules.yaml") }}
{{- end }}

{{/* A (Cluster)Role binding to the operator's ServiceAccount: dict "context" . "kind" "Role"|"ClusterRole" "name" <name> "namespace" <namespace or ""> */}}
{{- define "operator-common.roleBinding" -}}
{{- $ := .context }}
apiVersion: rbac.authorization.k8s.io/v1
kind: {{ .kind }}Binding
metadata:
  name: {{ .name }}
  {{- with .namespace }}
  namespace: {{ . }}
  {{- end }}
  labels:
    {{- include "operator-common.labels" $ | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: {{ .kind }}
  name: {{ .name }}
subjects:
  - kind: ServiceAccount
    name: {{ include "operator-common.serviceAccountName" $ }}
    namespace: {{ $.Release.Namespace }}
{{- end }}

{{- define "operator-common.rbac" -}}
{{- if .Values.rbac.create }}
{{- $name := include "operator-common.fullname" . }}
{{- if eq .Values.rbac.scope "namespace" }}
{{- /* One Role and RoleBinding in each watched namespace; nothing cluster-wide. */}}
{{- range $namespace := splitList "," (include "operator-common.rbacNamespaces" $) }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: {{ $name }}
  namespace: {{ $namespace }}
  labels:
    {{- include "operator-common.labels" $ | nindent 4 }}
rules:
  {{- include "operator-common.rules" $ | nindent 2 }}
---
{{ include "operator-common.roleBinding" (dict "context" $ "kind" "Role" "name" $name "namespace" $namespace) }}
{{- end }}
{{- else }}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ $name }}
  labels:
    {{- include "operator-common.labels" . | nindent 4 }}
rules:
  {{- include "operator-common.rules" . | nindent 2 }}
---
{{ include "operator-common.roleBinding" (dict "context" . "kind" "ClusterRole" "name" $name "namespace" "") }}
{{- end }}
{{- end }}
{{- end }}
