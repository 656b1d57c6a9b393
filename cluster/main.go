// Command cluster runs Tokenscope's local control plane in one process: embedded etcd,
// the upstream kube-apiserver and the serviceaccount, namespace and clusterrole-aggregation
// controllers. It prints one line `READY {json}` on stdout once the API is usable and
// stops cleanly on SIGINT/SIGTERM (Ctrl-C, Ctrl-Break or a closing console on Windows) and, with
// --stop-on-stdin-eof, when its stdin ends. State lives under --data-dir, so a restart keeps objects.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

// issuer is the ServiceAccount token issuer and API audience, as on most clusters.
const issuer = "https://kubernetes.default.svc.cluster.local"

// readyInfo is printed after READY; tests and `npm run demo` read it.
type readyInfo struct {
	Server                    string `json:"server"`
	Kubeconfig                string `json:"kubeconfig"`
	CAFile                    string `json:"caFile"`
	Issuer                    string `json:"issuer"`
	SigningKey                string `json:"signingKey"`
	AdminToken                string `json:"adminToken"`
	DataDir                   string `json:"dataDir"`
	AuditLog                  string `json:"auditLog"`
	MaxTokenExpirationSeconds int64  `json:"maxTokenExpirationSeconds"`
	StartMillis               int64  `json:"startMillis"`
}

// maxTokenExpiration is --service-account-max-token-expiration: requests above it are
// shortened by the API server with a Warning header, which the dashboard demonstrates.
const maxTokenExpiration = 48 * time.Hour

// apiServerDrain is how long a stop waits for the API server's own graceful shutdown before
// stopping etcd; with etcd's clean stop after it, SIGINT/SIGTERM ends the process within ~2 s.
const apiServerDrain = time.Second

func main() {
	dataDir := flag.String("data-dir", ".tokenscope/cluster", "directory for etcd data, keys and the kubeconfig")
	port := flag.Int("port", 0, "secure port of the API server (0 picks a free one)")
	verbose := flag.Bool("verbose", false, "show the API server's own logs on stderr")
	stdinStop := flag.Bool("stop-on-stdin-eof", false, "stop cleanly when stdin ends (how a parent process asks, on every platform)")
	authnConfig := flag.String("authentication-config", "", "an AuthenticationConfiguration file for the API server (JWT issuers such as an OIDC provider; reloaded when it changes)")
	compaction := flag.Duration("etcd-compaction-interval", 0, "how often the API server compacts etcd (0 keeps its default, 5m); tests shorten it to see list continue tokens expire")
	flag.Parse()
	var stopOn io.Reader
	if *stdinStop {
		stopOn = os.Stdin
	}
	if err := run(*dataDir, *port, *verbose, stopOn, *authnConfig, *compaction); err != nil {
		fmt.Fprintln(userErr, "cluster:", err)
		os.Exit(1)
	}
}

// stopSignals end the process cleanly. On Windows, os/signal delivers Ctrl-C and Ctrl-Break as
// os.Interrupt and a closing console, log-off or shutdown as SIGTERM; there is no other way to
// signal a process there (Node's child.kill terminates it outright), hence --stop-on-stdin-eof.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// untilEOF returns a context that ends when r has nothing more to read: the parent closed its end
// of the pipe, or exited. What is read is discarded.
func untilEOF(parent context.Context, r io.Reader) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		_, _ = io.Copy(io.Discard, r)
		cancel()
	}()
	return ctx, cancel
}

func run(dataDir string, port int, verbose bool, stopOn io.Reader, authnConfig string, compaction time.Duration) error {
	start := time.Now()
	dir, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	logFile := filepath.Join(dir, "cluster.log")
	if !verbose {
		if err := redirectStderr(logFile); err != nil {
			return err
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	if stopOn != nil {
		var cancel context.CancelFunc
		ctx, cancel = untilEOF(ctx, stopOn)
		defer cancel()
	}

	authnArgs, err := authenticationArgs(authnConfig)
	if err != nil {
		return err
	}
	pki, err := ensurePKI(filepath.Join(dir, "pki"))
	if err != nil {
		return fmt.Errorf("keys and certificates: %w", err)
	}
	portsFile := filepath.Join(dir, "ports.json")
	remembered := loadPorts(portsFile)
	peerPort, err := portOr(remembered.EtcdPeer)
	if err != nil {
		return err
	}
	if port == 0 {
		if port, err = portOr(remembered.API); err != nil {
			return err
		}
	}
	if err := savePorts(portsFile, ports{API: port, EtcdPeer: peerPort}); err != nil {
		return err
	}
	if err := writeAuditPolicy(dir); err != nil {
		return fmt.Errorf("audit policy: %w", err)
	}
	etcd, etcdURL, err := startEtcd(filepath.Join(dir, "etcd"), peerPort)
	if err != nil {
		return fmt.Errorf("etcd: %w", err)
	}
	defer stopEtcd(etcd)

	server := fmt.Sprintf("https://127.0.0.1:%d", port)
	apiErr := make(chan error, 1)
	go func() {
		apiErr <- runAPIServer(ctx, append(append(apiServerArgs(dir, pki, etcdURL, port), authnArgs...), storageArgs(compaction)...))
	}()

	readyCtx, cancelReady := context.WithTimeout(ctx, 3*time.Minute)
	defer cancelReady()
	go func() {
		// An API server that dies while we wait for readiness ends the wait at once.
		select {
		case err := <-apiErr:
			apiErr <- err
			cancelReady()
		case <-readyCtx.Done():
		}
	}()
	if err := waitReady(readyCtx, server, pki.caPEM, pki.adminToken); err != nil {
		if ctx.Err() != nil {
			return nil // asked to stop while starting: not a failure
		}
		select {
		case e := <-apiErr:
			return fmt.Errorf("kube-apiserver stopped (its log: %s): %w", logFile, e)
		default:
		}
		return fmt.Errorf("API server not ready (its log: %s): %w", logFile, err)
	}
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := writeKubeconfig(kubeconfig, server, pki.caPEM, pki.adminToken); err != nil {
		return err
	}
	if err := startControllers(ctx, kubeconfig); err != nil {
		return fmt.Errorf("controllers: %w", err)
	}
	line, _ := json.Marshal(readyInfo{
		Server: server, Kubeconfig: kubeconfig, CAFile: pki.caFile, Issuer: issuer,
		SigningKey: pki.saKeyFile, AdminToken: pki.adminToken, DataDir: dir,
		AuditLog:                  auditLogPath(dir),
		MaxTokenExpirationSeconds: int64(maxTokenExpiration / time.Second),
		StartMillis:               time.Since(start).Milliseconds(),
	})
	fmt.Printf("READY %s\n", line)

	select {
	case <-ctx.Done():
		// A second Ctrl-C now kills at once.
		stop()
		// The API server's graceful drain waits for every open watch (the dashboard's, a
		// `kubectl get -w`) until its request timeout, 60 s: that was the 37-50 s stop. Give the
		// requests in flight a short window instead, then stop etcd under it (stopEtcd), which
		// is what keeps the data dir consistent. Watchers simply see the connection end.
		select {
		case <-apiErr:
		case <-time.After(apiServerDrain):
		}
		return nil
	case err := <-apiErr:
		if err != nil {
			return fmt.Errorf("kube-apiserver stopped: %w", err)
		}
		return nil
	}
}
