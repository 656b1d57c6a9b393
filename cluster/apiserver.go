package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/pflag"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/rest"
	basecompatibility "k8s.io/component-base/compatibility"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

func apiServerArgs(dir string, p *pkiFiles, etcdURL string, port int) []string {
	return append([]string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),
		"--cert-dir=" + filepath.Join(dir, "apiserver"),
		"--tls-cert-file=" + p.servingCrt,
		"--tls-private-key-file=" + p.servingKey,
		"--client-ca-file=" + p.caFile,
		"--token-auth-file=" + p.tokensFile,
		"--authorization-mode=Node,RBAC",
		"--service-account-issuer=" + issuer,
		"--api-audiences=" + issuer,
		"--service-account-key-file=" + p.saKeyFile,
		"--service-account-signing-key-file=" + p.saKeyFile,
		"--service-account-jwks-uri=" + jwksURI(port),
		"--service-account-max-token-expiration=" + maxTokenExpiration.String(),
		"--service-cluster-ip-range=10.0.0.0/24",
		// Loopback addresses are not valid Endpoints; there is nothing to reconcile locally.
		"--endpoint-reconciler-type=none",
		"--enable-priority-and-fairness=false",
		"--shutdown-delay-duration=0s",
		"--profiling=false",
	}, auditArgs(dir)...)
}

// authenticationArgs passes an AuthenticationConfiguration file (apiserver.config.k8s.io/v1) to
// the API server: JWT authenticators such as an OIDC provider, next to the static tokens and client
// certificates. The API server reloads the file when it changes. None by default.
func authenticationArgs(file string) ([]string, error) {
	if file == "" {
		return nil, nil
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("authentication config: %w", err)
	}
	return []string{"--authentication-config=" + abs}, nil
}

// storageArgs sets how often the API server compacts etcd; 0 keeps its default (5 minutes). A list
// continue token issued before a compaction is then answered 410, with a token that goes on from
// the newest revision (what Tokenscope's paging must survive).
func storageArgs(compaction time.Duration) []string {
	if compaction <= 0 {
		return nil
	}
	return []string{"--etcd-compaction-interval=" + compaction.String()}
}

// jwksURI is the jwks_uri the discovery document names. By default the API server names
// {issuer}/openid/v1/jwks, and the issuer (kubernetes.default.svc.cluster.local) resolves only
// inside a cluster; an outside verifier (Tokenscope's verifier view, or a curl from this machine)
// follows discovery to this address instead, where the same API server serves the keys.
func jwksURI(port int) string {
	return "https://127.0.0.1:" + strconv.Itoa(port) + "/openid/v1/jwks"
}

// runAPIServer runs the upstream kube-apiserver until ctx ends. It mirrors
// app.NewAPIServerCommand without cobra so that the caller owns the context
// (NewAPIServerCommand installs its own process-wide signal handler).
func runAPIServer(ctx context.Context, args []string) error {
	s := options.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	for _, f := range s.Flags().FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := s.GenericServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return err
	}
	// The API server's loopback clients should not log self-issued warnings.
	rest.SetDefaultWarningHandler(rest.NoWarnings{})
	featureGate := s.GenericServerRunOptions.ComponentGlobalsRegistry.FeatureGateFor(basecompatibility.DefaultKubeComponent)
	if err := logsapi.ValidateAndApply(s.Logs, featureGate); err != nil {
		return err
	}
	// The token success cache (10 s by default) delays the rejection of a token whose
	// bound object was deleted; a short one keeps revocation demos snappy.
	s.Authentication.TokenSuccessCacheTTL = 2 * time.Second
	completed, err := s.Complete(ctx)
	if err != nil {
		return err
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return utilerrors.NewAggregate(errs)
	}
	if err := app.Run(ctx, completed); err != nil {
		return fmt.Errorf("%w", err)
	}
	return nil
}
