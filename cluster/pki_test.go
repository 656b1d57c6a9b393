package main

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, rest := pem.Decode(b)
	if block == nil || block.Type != "CERTIFICATE" || len(strings.TrimSpace(string(rest))) != 0 {
		t.Fatalf("%s: want exactly one CERTIFICATE block", path)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func readKey(t *testing.T, path string) *ecdsa.PrivateKey {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "EC PRIVATE KEY" {
		t.Fatalf("%s: want an EC PRIVATE KEY block", path)
	}
	k, err := x509.ParseECPrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestPKICertificateAuthority(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	p, err := ensurePKI(dir)
	if err != nil {
		t.Fatal(err)
	}
	ca := readCert(t, p.caFile)
	if !ca.IsCA || !ca.BasicConstraintsValid {
		t.Error("the CA certificate is not marked as a CA")
	}
	if ca.KeyUsage&x509.KeyUsageCertSign == 0 {
		t.Error("the CA certificate may not sign certificates")
	}
	if err := ca.CheckSignatureFrom(ca); err != nil {
		t.Errorf("the CA is not self-signed: %v", err)
	}
	if ca.Subject.CommonName != "tokenscope-local-ca" {
		t.Errorf("CA subject %q", ca.Subject.CommonName)
	}
	if !ca.NotBefore.Before(time.Now()) || ca.NotAfter.Before(time.Now().AddDate(9, 0, 0)) {
		t.Errorf("CA validity %v..%v: want valid now and for ~10 years", ca.NotBefore, ca.NotAfter)
	}
	if got := string(p.caPEM); got != string(mustRead(t, p.caFile)) {
		t.Error("caPEM differs from ca.crt")
	}
	caKey := readKey(t, filepath.Join(dir, "ca.key"))
	if !caKey.PublicKey.Equal(ca.PublicKey) {
		t.Error("ca.key does not belong to ca.crt")
	}
}

func TestPKIServingCertificate(t *testing.T) {
	p, err := ensurePKI(filepath.Join(t.TempDir(), "pki"))
	if err != nil {
		t.Fatal(err)
	}
	ca := readCert(t, p.caFile)
	serving := readCert(t, p.servingCrt)
	if serving.IsCA {
		t.Error("the serving certificate is a CA")
	}
	if serving.KeyUsage&x509.KeyUsageCertSign != 0 {
		t.Error("the serving certificate may sign certificates")
	}
	if !slices.Equal(serving.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}) {
		t.Errorf("extended key usage %v: want server auth only", serving.ExtKeyUsage)
	}
	if !readKey(t, p.servingKey).PublicKey.Equal(serving.PublicKey) {
		t.Error("serving.key does not belong to serving.crt")
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(p.caPEM)
	// Every name a client of the local API server uses: the kubeconfig's 127.0.0.1, and the
	// in-cluster names a kubeconfig copied from a real cluster might carry.
	for _, name := range []string{"127.0.0.1", "::1", "10.0.0.1", "localhost", "kubernetes", "kubernetes.default",
		"kubernetes.default.svc", "kubernetes.default.svc.cluster.local"} {
		chains, err := serving.Verify(x509.VerifyOptions{DNSName: name, Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(chains) != 1 || len(chains[0]) != 2 || !chains[0][1].Equal(ca) {
			t.Errorf("%s: want the chain serving → CA, got %d chains", name, len(chains))
		}
	}
	for _, name := range []string{"example.com", "192.168.1.1", "kubernetes.default.svc.cluster"} {
		if _, err := serving.Verify(x509.VerifyOptions{DNSName: name, Roots: roots}); err == nil {
			t.Errorf("%s: verified, but it is not a name of the local API server", name)
		}
	}
	// A client certificate it is not: Go's TLS client would refuse it for client auth.
	if _, err := serving.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err == nil {
		t.Error("the serving certificate verifies for client auth")
	}
	if ips := serving.IPAddresses; !slices.ContainsFunc(ips, func(ip net.IP) bool { return ip.Equal(net.IPv4(127, 0, 0, 1)) }) {
		t.Errorf("IP SANs %v lack 127.0.0.1", ips)
	}
	// A certificate for somebody else's CA does not chain here.
	other, err := ensurePKI(filepath.Join(t.TempDir(), "other"))
	if err != nil {
		t.Fatal(err)
	}
	otherRoots := x509.NewCertPool()
	otherRoots.AppendCertsFromPEM(other.caPEM)
	if _, err := serving.Verify(x509.VerifyOptions{DNSName: "127.0.0.1", Roots: otherRoots}); err == nil {
		t.Error("the serving certificate verifies under another data dir's CA")
	}
}

func TestPKIAdminTokenAndSigningKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	p, err := ensurePKI(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.adminToken) != 64 || strings.Trim(p.adminToken, "0123456789abcdef") != "" {
		t.Errorf("admin token %d chars: want 64 hex digits (32 random bytes)", len(p.adminToken))
	}
	if got := string(mustRead(t, filepath.Join(dir, "admin.token"))); got != p.adminToken {
		t.Error("admin.token differs from the token in use")
	}
	want := p.adminToken + `,tokenscope-admin,tokenscope-admin,"system:masters"` + "\n"
	if got := string(mustRead(t, p.tokensFile)); got != want {
		t.Errorf("tokens.csv = %q, want the admin token in system:masters", got)
	}
	sa := readKey(t, p.saKeyFile)
	ca := readKey(t, filepath.Join(dir, "ca.key"))
	if sa.Equal(ca) || sa.Equal(readKey(t, p.servingKey)) {
		t.Error("the ServiceAccount signing key is shared with another key")
	}
	other, err := ensurePKI(filepath.Join(t.TempDir(), "other"))
	if err != nil {
		t.Fatal(err)
	}
	if other.adminToken == p.adminToken {
		t.Error("two data dirs got the same admin token")
	}
}

func TestPKIFilesArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	dir := filepath.Join(t.TempDir(), "pki")
	if _, err := ensurePKI(dir); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("pki dir mode %v (%v): want 0700", fi.Mode().Perm(), err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 7 {
		t.Errorf("%d files in pki, want 7", len(entries))
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v: want 0600", e.Name(), fi.Mode().Perm())
		}
	}
}

func TestPKIReusedOnRestart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	first, err := ensurePKI(dir)
	if err != nil {
		t.Fatal(err)
	}
	firstServing := mustRead(t, first.servingCrt)
	second, err := ensurePKI(dir)
	if err != nil {
		t.Fatal(err)
	}
	if string(second.caPEM) != string(first.caPEM) || second.adminToken != first.adminToken {
		t.Error("a restart made new keys: kubeconfigs and tokens of the last run would stop working")
	}
	if string(mustRead(t, second.servingCrt)) != string(firstServing) {
		t.Error("a restart rewrote serving.crt")
	}
}

func TestPKIIncompleteSetIsMadeAgain(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	first, err := ensurePKI(dir)
	if err != nil {
		t.Fatal(err)
	}
	// admin.token is written last: without it the set was interrupted and is made anew.
	if err := os.Remove(filepath.Join(dir, "admin.token")); err != nil {
		t.Fatal(err)
	}
	second, err := ensurePKI(dir)
	if err != nil {
		t.Fatal(err)
	}
	if second.adminToken == first.adminToken || string(second.caPEM) == string(first.caPEM) {
		t.Error("an incomplete set was reused")
	}
	serving := readCert(t, second.servingCrt)
	if err := serving.CheckSignatureFrom(readCert(t, second.caFile)); err != nil {
		t.Errorf("the new serving certificate is not signed by the new CA: %v", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
