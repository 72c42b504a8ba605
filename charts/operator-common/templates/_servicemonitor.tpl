{{/* A prometheus-operator ServiceMonitor for the metrics Service, with the labels a Prometheus selects. */}}
{{- define "operator-common.serviceMonitor" -}}
{{- if .Values.metrics.serviceMonitor.enabled }}
{{- if not .Values.metrics.service.enabled }}
{{- fail "metrics.serviceMonitor.enabled needs metrics.service.enabled: the ServiceMonitor scrapes the metrics Service" }}
{{- end }}
{{- $name := include "operator-common.name" . }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "operator-common.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- /* Extra labels first: Prometheus selects ServiceMonitors by them; they cannot replace the chart's labels. */}}
    {{- include "operator-common.labelsWith" (dict "context" . "extra" .Values.metrics.serviceMonitor.labels) | nindent 4 }}
  {{- with .Values.metrics.serviceMonitor.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  # The job label is the Service's app.kubernetes.io/name ({{ $name }}) whatever the release is
  # called, so an alert's job=~".*{{ $name }}.*" finds it.
  jobLabel: app.kubernetes.io/name
  namespaceSelector:
    matchNames:
      - {{ .Release.Namespace }}
  selector:
    matchLabels:
      {{- include "operator-common.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: metrics
      path: /metrics
      scheme: http
      # The operator's resource metrics (<prefix>_resource_condition) carry the namespace of the
      # resource they describe; honoring it keeps Prometheus from renaming it exported_namespace
      # to the target's namespace (kube-state-metrics' ServiceMonitor does the same).
      honorLabels: true
      interval: {{ .Values.metrics.serviceMonitor.interval }}
      {{- with .Values.metrics.serviceMonitor.scrapeTimeout }}
      scrapeTimeout: {{ . }}
      {{- end }}
{{- end }}
{{- end }}
