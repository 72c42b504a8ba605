{{/*
Whether the admission webhooks are served and registered: asked for, and the operator may keep their
CA bundle (self-managed TLS patches the cluster-scoped configurations, which namespace-scoped RBAC
does not allow).
*/}}
{{- define "tapio-operator.webhooksServed" -}}
{{- and .Values.webhooks.enabled (eq .Values.rbac.scope "cluster") -}}
{{- end }}

{{/* One webhook entry: dict "context" . "name" <webhook name> "path" <path> "resource" <plural> */}}
{{- define "tapio-operator.webhook" -}}
{{- $ := .context }}
- name: {{ .name }}
  clientConfig:
    # No caBundle: the operator injects its own CA (self-managed TLS) and keeps it current.
    service:
      name: tapio-operator-webhook
      namespace: {{ $.Release.Namespace }}
      path: {{ .path }}
      port: 443
  rules:
    - apiGroups: [tapio.io]
      apiVersions: [v1alpha1]
      operations: [CREATE, UPDATE]
      resources: [{{ .resource }}]
      scope: Namespaced
  sideEffects: None
  admissionReviewVersions: [v1]
  failurePolicy: {{ $.Values.webhooks.failurePolicy }}
  timeoutSeconds: {{ $.Values.webhooks.timeoutSeconds }}
{{- end }}
