{{/*
A prometheus-operator PrometheusRule whose spec is the operator chart's rules/<chart>.rules.yaml,
included as it is: the templates in its annotations are Prometheus's, and the file is a valid
Prometheus rule file on its own, so promtool checks and unit-tests it.
*/}}
{{- define "operator-common.prometheusRule" -}}
{{- if .Values.prometheusRule.enabled }}
{{- $file := printf "rules/%s.rules.yaml" .Chart.Name }}
# The alerts live in {{ $file }}, included as it is: the templates in
# their annotations are Prometheus's, and the unit tests check every expression in that file.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: {{ include "operator-common.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "operator-common.labelsWith" (dict "context" . "extra" .Values.prometheusRule.labels) | nindent 4 }}
  {{- with .Values.prometheusRule.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- required (printf "%s is missing: the chart's alerts (prometheusRule.enabled is true)" $file) (.Files.Get $file) | nindent 2 }}
{{- end }}
{{- end }}
