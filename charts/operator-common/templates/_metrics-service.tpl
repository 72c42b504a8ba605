{{- define "operator-common.metricsService" -}}
{{- if .Values.metrics.service.enabled }}
# The operator's /metrics, for a ServiceMonitor or a Prometheus scrape config.
apiVersion: v1
kind: Service
metadata:
  name: {{ include "operator-common.fullname" . }}-metrics
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "operator-common.labels" . | nindent 4 }}
  {{- with .Values.metrics.service.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  type: {{ .Values.metrics.service.type }}
  selector:
    {{- include "operator-common.selectorLabels" . | nindent 4 }}
  ports:
    - name: metrics
      port: {{ .Values.metrics.service.port }}
      targetPort: metrics
      protocol: TCP
{{- end }}
{{- end }}
