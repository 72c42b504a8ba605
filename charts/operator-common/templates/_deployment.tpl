{{/*
The operator Deployment: one container running the operator chart's `command` with the shared
runtime's flags (libs/k8s-common), under the restricted Pod Security Standard with the chart's
security contexts, probes on /healthz and /readyz, and a writable /tmp on a read-only root.
`extraVolumes` (core/v1 Volume) and `extraVolumeMounts` (the operator container's VolumeMount) add to
/tmp, e.g. a Secret the operator reads; unset in a chart that declares neither.
*/}}
{{- define "operator-common.deployment" -}}
{{- $leaderElect := include "operator-common.leaderElect" . }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "operator-common.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "operator-common.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      {{- include "operator-common.selectorLabels" . | nindent 6 }}
  {{- if eq $leaderElect "false" }}
  # Without leader election nothing stops two operator pods from reconciling at once, so an
  # upgrade stops the old pod before it starts the new one.
  strategy:
    type: Recreate
  {{- end }}
  template:
    metadata:
      labels:
        {{- /* podLabels add to the chart's labels; they cannot replace them (the selector depends on them). */}}
        {{- include "operator-common.labelsWith" (dict "context" . "extra" .Values.podLabels) | nindent 8 }}
      annotations:
        kubectl.kubernetes.io/default-container: operator
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "operator-common.serviceAccountName" . }}
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ if kindIs "string" . }}{{ . }}{{ else }}{{ .name }}{{ end }}
        {{- end }}
      {{- end }}
      {{- with .Values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      # Longer than the operator's own shutdown timeout, so it finishes running reconciles and
      # hands the Lease over before the kubelet kills it.
      terminationGracePeriodSeconds: {{ add .Values.shutdownTimeoutSeconds 10 }}
      containers:
        - name: operator
          image: {{ include "operator-common.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          # The image's CMD; spelled out because `args` would otherwise replace it.
          command: [{{ range $i, $arg := required "command: the operator container's command (the image's CMD)" .Values.command }}{{ if $i }}, {{ end }}{{ $arg | quote }}{{ end }}]
          args:
            - --metrics-bind-address=:{{ .Values.metrics.port }}
            - --health-probe-bind-address=:{{ .Values.healthProbe.port }}
            - --leader-elect={{ $leaderElect }}
            {{- if eq $leaderElect "true" }}
            - --leader-election-id={{ include "operator-common.leaderElectionId" . }}
            {{- end }}
            {{- with .Values.watchNamespaces }}
            - --namespaces={{ join "," (uniq .) }}
            {{- end }}
            - --log-level={{ .Values.logLevel }}
            - --max-concurrent-reconciles={{ .Values.maxConcurrentReconciles }}
            - --resync-period={{ .Values.resyncPeriod }}
            - --shutdown-timeout={{ .Values.shutdownTimeoutSeconds }}s
            {{- range $key, $value := .Values.settings }}
            - {{ printf "--set=%s=%v" $key $value | quote }}
            {{- end }}
            {{- range .Values.extraArgs }}
            - {{ . | quote }}
            {{- end }}
          env:
            # The Lease lives in the pod's own namespace (--leader-election-namespace defaults to POD_NAMESPACE).
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            # The leader election identity.
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            {{- with .Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            - name: metrics
              containerPort: {{ .Values.metrics.port }}
              protocol: TCP
            - name: health
              containerPort: {{ .Values.healthProbe.port }}
              protocol: TCP
          livenessProbe:
            httpGet:
              path: /healthz
              port: health
            initialDelaySeconds: 15
            periodSeconds: 20
            timeoutSeconds: 5
          readinessProbe:
            httpGet:
              path: /readyz
              port: health
            initialDelaySeconds: 5
            periodSeconds: 10
            timeoutSeconds: 5
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          volumeMounts:
            # The root filesystem is read-only; Node and its libraries may still want a scratch directory.
            - name: tmp
              mountPath: /tmp
            {{- with .Values.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- with .Values.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
