package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

func TestUntilEOFEndsWhenTheParentClosesStdin(t *testing.T) {
	r, w := io.Pipe()
	ctx, cancel := untilEOF(context.Background(), r)
	defer cancel()
	// Whatever the parent writes is not a stop.
	if _, err := w.Write([]byte("ignored\n")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
		t.Fatal("stopped before stdin ended")
	case <-time.After(50 * time.Millisecond):
	}
	w.Close()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("did not stop within 5 s of stdin's end")
	}
}

func TestUntilEOFFollowsItsParent(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	parent, stopParent := context.WithCancel(context.Background())
	ctx, cancel := untilEOF(parent, r)
	defer cancel()
	stopParent()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("a signal (the parent context) did not stop it")
	}
}

// parseAPIServerFlags parses args with kube-apiserver's own flag set, as runAPIServer does.
func parseAPIServerFlags(t *testing.T, args []string) (*options.ServerRunOptions, *pflag.FlagSet) {
	t.Helper()
	s := options.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	for _, f := range s.Flags().FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return s, fs
}

// The flags are parsed by kube-apiserver's own flag set, as runAPIServer parses them: a flag
// renamed or removed upstream fails here rather than at the first start.
func TestAPIServerArgsAreKubeAPIServerFlags(t *testing.T) {
	dir := t.TempDir()
	p := &pkiFiles{
		caFile: filepath.Join(dir, "pki", "ca.crt"), servingCrt: filepath.Join(dir, "pki", "serving.crt"),
		servingKey: filepath.Join(dir, "pki", "serving.key"), saKeyFile: filepath.Join(dir, "pki", "sa.key"),
		tokensFile: filepath.Join(dir, "pki", "tokens.csv"),
	}
	args := apiServerArgs(dir, p, "http://127.0.0.1:2379", 6443)
	_, fs := parseAPIServerFlags(t, args)
	want := map[string]string{
		"secure-port":                          "6443",
		"bind-address":                         "127.0.0.1",
		"etcd-servers":                         "[http://127.0.0.1:2379]",
		"client-ca-file":                       p.caFile,
		"token-auth-file":                      p.tokensFile,
		"service-account-issuer":               "[" + issuer + "]",
		"service-account-signing-key-file":     p.saKeyFile,
		"service-account-jwks-uri":             "https://127.0.0.1:6443/openid/v1/jwks",
		"service-account-max-token-expiration": "48h0m0s",
		"authorization-mode":                   "[Node,RBAC]",
		"profiling":                            "false",
		"cert-dir":                             filepath.Join(dir, "apiserver"),
	}
	for name, value := range want {
		f := fs.Lookup(name)
		if f == nil || !f.Changed {
			t.Errorf("--%s is not set", name)
			continue
		}
		if got := f.Value.String(); got != value {
			t.Errorf("--%s = %s, want %s", name, got, value)
		}
	}
}

// --authentication-config reaches kube-apiserver's own flag; without it nothing is added, and a
// missing file fails before anything starts.
func TestAuthenticationArgs(t *testing.T) {
	if args, err := authenticationArgs(""); err != nil || args != nil {
		t.Fatalf("no file: %v %v", args, err)
	}
	if _, err := authenticationArgs(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Fatal("a missing file was accepted")
	}
	file := filepath.Join(t.TempDir(), "authn.yaml")
	if err := os.WriteFile(file, []byte("apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args, err := authenticationArgs(file)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := parseAPIServerFlags(t, args)
	if got := s.Authentication.AuthenticationConfigFile; got != file {
		t.Fatalf("authentication-config = %q, want %q", got, file)
	}
}

// --etcd-compaction-interval reaches kube-apiserver's own flag; 0 adds nothing (its 5 m default).
func TestStorageArgs(t *testing.T) {
	if args := storageArgs(0); args != nil {
		t.Fatalf("0 added %v", args)
	}
	s, _ := parseAPIServerFlags(t, storageArgs(3*time.Second))
	if got := s.Etcd.StorageConfig.CompactionInterval; got != 3*time.Second {
		t.Fatalf("compaction interval = %v, want 3s", got)
	}
}
