package main

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"k8s.io/client-go/tools/clientcmd"
)

func TestKubeconfigReadsBack(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kubeconfig")
	caPEM := []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
	if err := writeKubeconfig(path, "https://127.0.0.1:6443", caPEM, "secret-admin-token"); err != nil {
		t.Fatal(err)
	}
	c, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.CurrentContext != "tokenscope-local" {
		t.Fatalf("current context %q", c.CurrentContext)
	}
	ctx := c.Contexts[c.CurrentContext]
	if ctx == nil || ctx.Cluster != "tokenscope-local" || ctx.AuthInfo != "tokenscope-admin" || ctx.Namespace != "default" {
		t.Fatalf("context %+v", ctx)
	}
	cluster := c.Clusters[ctx.Cluster]
	if cluster == nil || cluster.Server != "https://127.0.0.1:6443" || string(cluster.CertificateAuthorityData) != string(caPEM) {
		t.Fatalf("cluster %+v", cluster)
	}
	if cluster.InsecureSkipTLSVerify {
		t.Error("the kubeconfig skips TLS verification")
	}
	user := c.AuthInfos[ctx.AuthInfo]
	if user == nil || user.Token != "secret-admin-token" || user.ClientCertificateData != nil {
		t.Fatalf("user %+v", user)
	}
	// What a client built from it (the dashboard's client-node, kubectl) sees.
	rc, err := clientcmd.BuildConfigFromFlags("", path)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Host != "https://127.0.0.1:6443" || rc.BearerToken != "secret-admin-token" || string(rc.CAData) != string(caPEM) {
		t.Errorf("rest config host %q, token set %v, CA set %v", rc.Host, rc.BearerToken != "", rc.CAData != nil)
	}
}

func TestKubeconfigReplacedAtomicallyAndPrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(path, []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeKubeconfig(path, "https://127.0.0.1:7000", nil, "second"); err != nil {
		t.Fatal(err)
	}
	c, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Clusters["tokenscope-local"].Server != "https://127.0.0.1:7000" || c.AuthInfos["tokenscope-admin"].Token != "second" {
		t.Error("the old kubeconfig was not replaced")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files left in the dir, want only the kubeconfig (no .tmp)", len(entries))
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("kubeconfig mode %v (%v): want 0600, it holds the admin token", fi.Mode().Perm(), err)
		}
	}
}

// waitReady is what stands between etcd + API server start and the READY line.
func TestWaitReadyWaitsForEveryProbeWithTheAdminToken(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	var badAuth bool
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer admin" {
			badAuth = true
		}
		seen[r.URL.Path]++
		// Not ready for the first two probes of each path, as an API server still bootstrapping.
		if seen[r.URL.Path] <= 2 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := waitReady(ctx, srv.URL, caPEM, "admin"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if badAuth {
		t.Error("a probe went without the admin token")
	}
	for _, p := range []string{"/readyz", "/api/v1/namespaces/default", "/api/v1/namespaces/kube-system"} {
		if seen[p] != 3 {
			t.Errorf("%s probed %d times, want 3 (two refusals, then OK)", p, seen[p])
		}
	}
}

func TestWaitReadyRefusesAServerOutsideTheCA(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()
	p, err := ensurePKI(filepath.Join(t.TempDir(), "pki"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	if err := waitReady(ctx, srv.URL, p.caPEM, "admin"); err == nil {
		t.Fatal("ready, though the server's certificate is not from the data dir's CA")
	}
}
