package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// writeKubeconfig writes the admin kubeconfig atomically (temp file + rename), so a reader
// never sees half a file.
func writeKubeconfig(path, server string, caPEM []byte, token string) error {
	c := clientcmdapi.NewConfig()
	c.Clusters["tokenscope-local"] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: caPEM}
	c.AuthInfos["tokenscope-admin"] = &clientcmdapi.AuthInfo{Token: token}
	c.Contexts["tokenscope-local"] = &clientcmdapi.Context{Cluster: "tokenscope-local", AuthInfo: "tokenscope-admin", Namespace: "default"}
	c.CurrentContext = "tokenscope-local"
	tmp := path + ".tmp"
	if err := clientcmd.WriteToFile(*c, tmp); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// waitReady polls /readyz and the default namespace as the admin. Anonymous requests are
// refused until the RBAC bootstrap hook has run, so the admin identity is used.
func waitReady(ctx context.Context, server string, caPEM []byte, token string) error {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	hc := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	var last error
	for _, path := range []string{"/readyz", "/api/v1/namespaces/default", "/api/v1/namespaces/kube-system"} {
		for {
			last = probe(ctx, hc, server+path, token)
			if last == nil {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("%s: %v (%w)", path, last, ctx.Err())
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	return nil
}

func probe(ctx context.Context, hc *http.Client, url, token string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", res.StatusCode)
	}
	return nil
}
