{{/*
Names and labels of an operator chart's objects. Every template takes the operator chart's root
context (`.`), so .Chart, .Values and .Files are the operator chart's.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "operator-common.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every object name: <release>-<chart>, or the release name alone when it already
contains the chart name (`helm install <chart> ...` gives `<chart>`).
*/}}
{{- define "operator-common.fullname" -}}
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

{{- define "operator-common.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* What selectors match on: name and instance only, which never change for a release. */}}
{{- define "operator-common.selectorLabels" -}}
app.kubernetes.io/name: {{ include "operator-common.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The labels every object of the chart carries; part-of is the operator chart's `partOf` value. */}}
{{- define "operator-common.labels" -}}
helm.sh/chart: {{ include "operator-common.chart" . }}
{{ include "operator-common.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
{{- with .Values.partOf }}
app.kubernetes.io/part-of: {{ . }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The chart's labels plus `extra` (a map of values), which cannot replace them: dict "context" . "extra" <map>. */}}
{{- define "operator-common.labelsWith" -}}
{{- toYaml (merge (include "operator-common.labels" .context | fromYaml) .extra) }}
{{- end }}

{{- define "operator-common.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "operator-common.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "operator-common.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}
