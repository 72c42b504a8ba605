// bundle-validate checks OLM bundle directories (manifests/ and metadata/) with the Operator
// Framework's own validators, github.com/operator-framework/api/pkg/validation, and exits 1 when
// any of them reports an error (the module's operator-verify only logs them). Built from the
// module proxy by e2e/cluster/build-binaries.sh at OPERATOR_FRAMEWORK_API_VERSION.
//
//	bundle-validate [-k8s-version 1.36] <bundle-dir>...
//
// The validators: the default bundle ones (ClusterServiceVersion, CRDs, the bundle as a whole),
// and those OperatorHub runs for a listing: OperatorHub v2 (icon, maintainers, capabilities,
// categories...), good practices, and the APIs the target Kubernetes version removed.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/operator-framework/api/pkg/manifests"
	"github.com/operator-framework/api/pkg/validation"
	"sigs.k8s.io/yaml"
)

// The bundle format's annotation naming registry+v1 (operator-registry's bundle spec).
const mediaTypeKey = "operators.operatorframework.io.bundle.mediatype.v1"

func main() {
	k8sVersion := flag.String("k8s-version", "", "the Kubernetes version the bundle targets (checks for removed APIs)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: bundle-validate [-k8s-version 1.36] <bundle-dir>...")
		os.Exit(2)
	}
	failed := false
	for _, dir := range flag.Args() {
		errs, warns := validate(dir, *k8sVersion)
		for _, w := range warns {
			fmt.Printf("%s: warning: %s\n", dir, w)
		}
		for _, e := range errs {
			fmt.Printf("%s: error: %s\n", dir, e)
		}
		if len(errs) > 0 {
			failed = true
		} else {
			fmt.Printf("%s: valid (%d warnings)\n", dir, len(warns))
		}
	}
	if failed {
		os.Exit(1)
	}
}

func validate(dir, k8sVersion string) (errs, warns []string) {
	// The registry+v1 layout, which the library's loader does not insist on.
	var annotations manifests.AnnotationsFile
	raw, err := os.ReadFile(filepath.Join(dir, "metadata", "annotations.yaml"))
	if err == nil {
		err = yaml.Unmarshal(raw, &annotations)
	}
	if err != nil {
		return []string{fmt.Sprintf("metadata/annotations.yaml: %v", err)}, nil
	}
	if annotations.Annotations.PackageName == "" {
		errs = append(errs, "metadata/annotations.yaml: no operators.operatorframework.io.bundle.package.v1")
	}
	var mediaType struct {
		Annotations map[string]string `json:"annotations"`
	}
	if err := yaml.Unmarshal(raw, &mediaType); err != nil || mediaType.Annotations[mediaTypeKey] != "registry+v1" {
		errs = append(errs, fmt.Sprintf("metadata/annotations.yaml: %s must be registry+v1", mediaTypeKey))
	}
	if info, err := os.Stat(filepath.Join(dir, "manifests")); err != nil || !info.IsDir() {
		errs = append(errs, "no manifests/ directory")
	}

	bundle, err := manifests.GetBundleFromDir(dir)
	if err != nil {
		return append(errs, err.Error()), warns
	}
	if bundle == nil || bundle.CSV == nil {
		return append(errs, "no ClusterServiceVersion in manifests/"), warns
	}
	validators := validation.DefaultBundleValidators.WithValidators(
		validation.OperatorHubV2Validator,
		validation.StandardCapabilitiesValidator,
		validation.StandardCategoriesValidator,
		validation.GoodPracticesValidator,
		validation.AlphaDeprecatedAPIsValidator,
	)
	objects := bundle.ObjectsToValidate()
	if k8sVersion != "" {
		// Optional values reach the validators as a map among the objects.
		objects = append(objects, map[string]string{"k8s-version": k8sVersion})
	}
	for _, result := range validators.Validate(objects...) {
		for _, e := range result.Errors {
			errs = append(errs, e.Error())
		}
		for _, w := range result.Warnings {
			warns = append(warns, w.Error())
		}
	}
	return errs, warns
}
