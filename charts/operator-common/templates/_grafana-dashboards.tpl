{{- define "operator-common.grafanaDashboards" -}}
{{- if .Values.grafanaDashboard.enabled }}
# The dashboards in dashboards/*.json, for Grafana's dashboard sidecar (it loads every ConfigMap
# with the label below). Included as they are, so the legend templates in them stay Grafana's.
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "operator-common.fullname" . }}-dashboards
  namespace: {{ .Values.grafanaDashboard.namespace | default .Release.Namespace }}
  labels:
    {{- include "operator-common.labels" . | nindent 4 }}
    {{ .Values.grafanaDashboard.labelName }}: {{ .Values.grafanaDashboard.labelValue | quote }}
  {{- with .Values.grafanaDashboard.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
data:
  {{- range $path, $_ := .Files.Glob "dashboards/*.json" }}
  {{ base $path }}: |-
    {{- $.Files.Get $path | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
