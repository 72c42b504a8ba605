{{/* Pieces of an operator chart's NOTES.txt. */}}

{{/* `kubectl` commands that show the operator's pods and log (unindented: pipe it to `indent`). */}}
{{- define "operator-common.notes.checkOperator" -}}
kubectl get deployment,pods -n {{ .Release.Namespace }} -l app.kubernetes.io/instance={{ .Release.Name }}
kubectl logs -n {{ .Release.Namespace }} deployment/{{ include "operator-common.fullname" . }}
{{- end }}

{{/*
Where the metrics, the ServiceMonitor, the dashboards and the alerts are. `alertsNeed` (optional)
says what the alerts need besides the operator's own metrics:
  include "operator-common.notes.monitoring" (dict "context" . "alertsNeed" "kube-state-metrics ...")
*/}}
{{- define "operator-common.notes.monitoring" -}}
{{- $alertsNeed := .alertsNeed }}
{{- $ := .context }}
{{- $name := include "operator-common.fullname" $ }}
{{- with $.Values }}
{{- if .metrics.service.enabled }}

Metrics: http://{{ $name }}-metrics.{{ $.Release.Namespace }}.svc:{{ .metrics.service.port }}/metrics
{{- if .metrics.serviceMonitor.enabled }}
  scraped through the ServiceMonitor {{ $name }}{{ with .metrics.serviceMonitor.labels }} (labels: {{ range $k, $v := . }}{{ $k }}={{ $v }} {{ end }}){{ end }}.
{{- else }}
  Enable metrics.serviceMonitor.enabled (with the labels your Prometheus selects) to have prometheus-operator scrape it.
{{- end }}
{{- end }}
{{- if .grafanaDashboard.enabled }}
Dashboards: ConfigMap {{ $name }}-dashboards, labelled {{ .grafanaDashboard.labelName }}={{ .grafanaDashboard.labelValue }} for Grafana's sidecar.
{{- end }}
{{- if .prometheusRule.enabled }}
Alerts: PrometheusRule {{ $name }}.{{ with $alertsNeed }} {{ . }}{{ end }}
{{- end }}
{{- end }}
{{- end }}
