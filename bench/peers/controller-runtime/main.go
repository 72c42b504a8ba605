// The bench controller on sigs.k8s.io/controller-runtime, written as its book writes one: a typed
// BenchApp, a reconciler built with For/Owns, children by controllerutil.CreateOrUpdate with a
// controller reference, status by Status().Update when it changed. Manager and controller options
// are the defaults except what the bench must change (see bench/src/peers.ts): the cache watches one
// namespace, the sync period is the bench's resync period, and the metrics server is off (its default
// :8080 would collide with other processes). It speaks the bench's line protocol
// (bench/src/peers/protocol.ts) on stdin/stdout.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	dto "github.com/prometheus/client_model/go"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/metrics"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	crscheme "sigs.k8s.io/controller-runtime/pkg/scheme"
)

var groupVersion = schema.GroupVersion{Group: "bench.operators.dev", Version: "v1"}

type BenchAppSpec struct {
	Value    string `json:"value"`
	Image    string `json:"image"`
	Replicas int32  `json:"replicas"`
}

type BenchAppStatus struct {
	ObservedGeneration int64              `json:"observedGeneration,omitempty"`
	Conditions         []metav1.Condition `json:"conditions,omitempty"`
}

type BenchApp struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              BenchAppSpec   `json:"spec"`
	Status            BenchAppStatus `json:"status,omitempty"`
}

type BenchAppList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []BenchApp `json:"items"`
}

// DeepCopy functions, as controller-gen would generate them.
func (in *BenchApp) DeepCopyInto(out *BenchApp) {
	*out = *in
	out.TypeMeta = in.TypeMeta
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	out.Spec = in.Spec
	out.Status = in.Status
	if in.Status.Conditions != nil {
		out.Status.Conditions = make([]metav1.Condition, len(in.Status.Conditions))
		for i := range in.Status.Conditions {
			in.Status.Conditions[i].DeepCopyInto(&out.Status.Conditions[i])
		}
	}
}
func (in *BenchApp) DeepCopy() *BenchApp             { out := new(BenchApp); in.DeepCopyInto(out); return out }
func (in *BenchApp) DeepCopyObject() kruntime.Object { return in.DeepCopy() }
func (in *BenchAppList) DeepCopyObject() kruntime.Object {
	out := new(BenchAppList)
	*out = *in
	in.ListMeta.DeepCopyInto(&out.ListMeta)
	if in.Items != nil {
		out.Items = make([]BenchApp, len(in.Items))
		for i := range in.Items {
			in.Items[i].DeepCopyInto(&out.Items[i])
		}
	}
	return out
}

type BenchAppReconciler struct {
	client.Client
	first sync.Once
}

func appLabels(name string) map[string]string {
	return map[string]string{"app.kubernetes.io/name": "benchapp", "app.kubernetes.io/instance": name}
}

func (r *BenchAppReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	defer r.first.Do(func() { emit(map[string]any{"event": "reconciled"}) })
	var app BenchApp
	if err := r.Get(ctx, req.NamespacedName, &app); err != nil {
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}

	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: app.Name + "-config", Namespace: app.Namespace}}
	if _, err := controllerutil.CreateOrUpdate(ctx, r.Client, cm, func() error {
		cm.Labels = appLabels(app.Name)
		cm.Data = map[string]string{"value": app.Spec.Value}
		return controllerutil.SetControllerReference(&app, cm, r.Scheme())
	}); err != nil {
		return ctrl.Result{}, err
	}

	dep := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: app.Name, Namespace: app.Namespace}}
	if _, err := controllerutil.CreateOrUpdate(ctx, r.Client, dep, func() error {
		labels := appLabels(app.Name)
		dep.Labels = labels
		replicas := app.Spec.Replicas
		dep.Spec.Replicas = &replicas
		if dep.CreationTimestamp.IsZero() {
			dep.Spec.Selector = &metav1.LabelSelector{MatchLabels: labels} // immutable after creation
		}
		dep.Spec.Template.Labels = labels
		// Set the container's fields, not the whole list: replacing it would drop the server's
		// defaults (imagePullPolicy, terminationMessagePath …) and update on every reconcile.
		if len(dep.Spec.Template.Spec.Containers) != 1 {
			dep.Spec.Template.Spec.Containers = []corev1.Container{{Name: "app"}}
		}
		dep.Spec.Template.Spec.Containers[0].Name = "app"
		dep.Spec.Template.Spec.Containers[0].Image = app.Spec.Image
		return controllerutil.SetControllerReference(&app, dep, r.Scheme())
	}); err != nil {
		return ctrl.Result{}, err
	}

	available := dep.Status.ObservedGeneration >= dep.Generation && deploymentAvailable(dep)
	condition := metav1.Condition{Type: "Ready", Status: metav1.ConditionFalse, Reason: "Progressing", Message: "waiting for the Deployment", ObservedGeneration: app.Generation}
	if available {
		condition = metav1.Condition{Type: "Ready", Status: metav1.ConditionTrue, Reason: "Available", Message: "Deployment available", ObservedGeneration: app.Generation}
	}
	before := app.DeepCopy().Status
	apimeta.SetStatusCondition(&app.Status.Conditions, condition)
	app.Status.ObservedGeneration = app.Generation
	if !equality.Semantic.DeepEqual(before, app.Status) {
		if err := r.Status().Update(ctx, &app); err != nil {
			return ctrl.Result{}, err
		}
	}
	return ctrl.Result{}, nil
}

func deploymentAvailable(dep *appsv1.Deployment) bool {
	for _, c := range dep.Status.Conditions {
		if c.Type == appsv1.DeploymentAvailable && c.Status == corev1.ConditionTrue {
			return true
		}
	}
	return false
}

var out = struct {
	sync.Mutex
	w *bufio.Writer
}{w: bufio.NewWriter(os.Stdout)}

func emit(event map[string]any) {
	line, _ := json.Marshal(event)
	out.Lock()
	defer out.Unlock()
	out.w.Write(append(line, '\n'))
	out.w.Flush()
}

// queueDepth reads controller-runtime's own workqueue_depth gauge for the controller.
func queueDepth() float64 {
	families, err := metrics.Registry.Gather()
	if err != nil {
		return -1
	}
	var depth float64
	for _, family := range families {
		if family.GetName() != "workqueue_depth" {
			continue
		}
		for _, m := range family.GetMetric() {
			if hasLabel(m, "name", "benchapp") {
				depth += m.GetGauge().GetValue()
			}
		}
	}
	return depth
}

func hasLabel(m *dto.Metric, name, value string) bool {
	for _, l := range m.GetLabel() {
		if l.GetName() == name && l.GetValue() == value {
			return true
		}
	}
	return false
}

func serveCommands() {
	scanner := bufio.NewScanner(os.Stdin)
	for scanner.Scan() {
		switch scanner.Text() {
		case "mem":
			runtime.GC()
			var stats runtime.MemStats
			runtime.ReadMemStats(&stats)
			emit(map[string]any{"event": "mem", "heapBytes": stats.HeapAlloc})
		case "depth":
			emit(map[string]any{"event": "depth", "depth": queueDepth()})
		}
	}
}

func main() {
	namespace := flag.String("namespace", "", "the one namespace to watch")
	resyncSeconds := flag.Int("resync-seconds", 36000, "cache sync period (resync)")
	flag.Parse()
	ctrl.SetLogger(zap.New(zap.WriteTo(os.Stderr)))

	scheme := clientgoscheme.Scheme
	builder := &crscheme.Builder{GroupVersion: groupVersion}
	builder.Register(&BenchApp{}, &BenchAppList{})
	if err := builder.AddToScheme(scheme); err != nil {
		fail(err)
	}
	syncPeriod := time.Duration(*resyncSeconds) * time.Second
	mgr, err := ctrl.NewManager(ctrl.GetConfigOrDie(), ctrl.Options{
		Scheme:  scheme,
		Metrics: metricsserver.Options{BindAddress: "0"},
		Cache:   cache.Options{DefaultNamespaces: map[string]cache.Config{*namespace: {}}, SyncPeriod: &syncPeriod},
	})
	if err != nil {
		fail(err)
	}
	if err := ctrl.NewControllerManagedBy(mgr).For(&BenchApp{}).Owns(&corev1.ConfigMap{}).Owns(&appsv1.Deployment{}).Complete(&BenchAppReconciler{Client: mgr.GetClient()}); err != nil {
		fail(err)
	}
	ctx := ctrl.SetupSignalHandler()
	if err := mgr.Add(manager.RunnableFunc(func(ctx context.Context) error {
		for _, obj := range []client.Object{&BenchApp{}, &corev1.ConfigMap{}, &appsv1.Deployment{}} {
			if _, err := mgr.GetCache().GetInformer(ctx, obj); err != nil {
				return err
			}
		}
		if mgr.GetCache().WaitForCacheSync(ctx) {
			emit(map[string]any{"event": "synced"})
		}
		return nil
	})); err != nil {
		fail(err)
	}
	go serveCommands()
	if err := mgr.Start(ctx); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
