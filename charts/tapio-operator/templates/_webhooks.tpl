{{/*
Whether the admission webhooks are served and registered: asked for, and the operator may keep their
CA bundle (self-managed TLS patches the cluster-scoped configurations, which namespace-scoped RBAC
does not allow).
*/}}
{{- define "tapio-operator.webhooksServed" -}}
{{- and .Values.webhooks.enabled (eq .Values.rbac.scope "cluster") -}}
{{- end }}

{{/*
Whether cert-manager issues the webhook certificate (served and asked for): then the chart renders
the Certificate, mounts its Secret and annotates the configurations for cert-manager's CA injector.
*/}}
{{- define "tapio-operator.certManager" -}}
{{- and (eq (include "tapio-operator.webhooksServed" .) "true") .Values.webhooks.certManager.enabled -}}
{{- end }}

{{/* The cert-manager Certificate's name (its Secret is <name>-tls). */}}
{{- define "tapio-operator.webhookCertificate" -}}tapio-operator-webhook{{- end }}

{{/* Where the operator container reads the mounted certificate (the operator's webhookCertDir). */}}
{{- define "tapio-operator.webhookCertDir" -}}/etc/tapio-operator/webhook-tls{{- end }}

{{/* The configurations' metadata.annotations for cert-manager's CA injector, when it is used. */}}
{{- define "tapio-operator.webhookAnnotations" -}}
{{- if eq (include "tapio-operator.certManager" .) "true" -}}
annotations:
  cert-manager.io/inject-ca-from: {{ .Release.Namespace }}/{{ include "tapio-operator.webhookCertificate" . }}
{{- end }}
{{- end }}

{{/* One webhook entry: dict "context" . "name" <webhook name> "path" <path> "resource" <plural> */}}
{{- define "tapio-operator.webhook" -}}
{{- $ := .context }}
- name: {{ .name }}
  clientConfig:
    # No caBundle: the operator injects its own CA (self-managed TLS) and keeps it current, or
    # cert-manager's CA injector does (webhooks.certManager).
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
