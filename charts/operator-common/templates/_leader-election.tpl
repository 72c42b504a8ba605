{{/*
Leader election through a coordination.k8s.io Lease in the release namespace (the runtime's
--leader-election-namespace defaults to POD_NAMESPACE), with the operator chart's
files/leader-election-rules.yaml (generated, used as it is).
*/}}

{{/* "true" when the operator runs leader election: asked for, or needed because there are several replicas. */}}
{{- define "operator-common.leaderElect" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{- define "operator-common.leaderElectionId" -}}
{{- default (printf "%s-leader" (include "operator-common.fullname" .)) .Values.leaderElection.id }}
{{- end }}

{{- define "operator-common.leaderElectionRules" -}}
{{ required "files/leader-election-rules.yaml is missing: the operator chart's generated Lease rules" (.Files.Get "files/leader-election-rules.yaml") }}
{{- end }}

{{- define "operator-common.leaderElectionRbac" -}}
{{- if and .Values.rbac.create (eq (include "operator-common.leaderElect" .) "true") }}
{{- $name := printf "%s-leader-election" (include "operator-common.fullname" .) }}
{{- /* The Lease lives in the release namespace (--leader-election-namespace comes from POD_NAMESPACE). */}}
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: {{ $name }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "operator-common.labels" . | nindent 4 }}
rules:
  {{- include "operator-common.leaderElectionRules" . | nindent 2 }}
---
{{ include "operator-common.roleBinding" (dict "context" . "kind" "Role" "name" $name "namespace" .Release.Namespace) }}
{{- end }}
{{- end }}
