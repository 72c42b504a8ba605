{{/* The chart name, or nameOverride. */}}
{{- define "streambus-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every object name: <release>-<chart>, or the release name alone when it already
contains the chart name (`helm install streambus-operator ...` gives `streambus-operator`).
*/}}
{{- define "streambus-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "streambus-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* What selectors match on: name and instance only, which never change for a release. */}}
{{- define "streambus-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "streambus-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The labels every object of the chart carries. */}}
{{- define "streambus-operator.labels" -}}
helm.sh/chart: {{ include "streambus-operator.chart" . }}
{{ include "streambus-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: streambus
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "streambus-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "streambus-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "streambus-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* "true" when the operator runs leader election: asked for, or needed because there are several replicas. */}}
{{- define "streambus-operator.leaderElect" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{- define "streambus-operator.leaderElectionId" -}}
{{- default (printf "%s-leader" (include "streambus-operator.fullname" .)) .Values.leaderElection.id }}
{{- end }}

{{/*
The namespaces the operator's RBAC covers in namespace scope. Fails early with a clear message
rather than rendering an operator that can read nothing.
*/}}
{{- define "streambus-operator.rbacNamespaces" -}}
{{- if eq .Values.rbac.scope "namespace" }}
{{- if not .Values.watchNamespaces }}
{{- fail "rbac.scope=namespace needs watchNamespaces: the namespaces to grant the operator access to (e.g. --set watchNamespaces={team-a,team-b})" }}
{{- end }}
{{- join "," (uniq .Values.watchNamespaces) }}
{{- end }}
{{- end }}

{{/*
The operator's permissions, used by the ClusterRole (scope cluster) and by each Role (scope
namespace). Exactly what the StreamBusCluster controller uses; `status` and `finalizers` are
separate rules, as kubebuilder generates them.
*/}}
{{- /* Generated from packages/streambus-operator/src/rbac.ts (nx run streambus-operator:generate). */}}
{{- define "streambus-operator.rules" -}}
{{ .Files.Get "files/rbac-rules.yaml" }}
{{- end }}

{{- define "streambus-operator.leaderElectionRules" -}}
{{ .Files.Get "files/leader-election-rules.yaml" }}
{{- end }}
