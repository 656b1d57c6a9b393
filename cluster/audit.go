package main

import (
	"os"
	"path/filepath"
	"strconv"
)

// The audit log records what ServiceAccounts really do (verb, resource, subresource, namespace,
// name, user, response code, annotations such as authentication.k8s.io/stale-token), which the
// least-privilege page turns into a minimal Role. Everything else (the dashboard's and the
// control plane's own users, their watches) is level None, so the log stays small.
const auditPolicy = `# Written by Tokenscope's local control plane (cluster/audit.go); rewritten at every start.
apiVersion: audit.k8s.io/v1
kind: Policy
# One event per request, when its response is complete (a watch: when it ends).
omitStages: ["RequestReceived", "ResponseStarted"]
omitManagedFields: true
rules:
  # Every TokenRequest, by anyone, with its request body: the lifetime asked for, audiences and
  # bound object (the long-lived tokens page lists lifetimes beyond a threshold). Request level
  # never records the response, which holds the token.
  - level: Request
    verbs: ["create"]
    resources:
      - group: ""
        resources: ["serviceaccounts/token"]
  # Every request by a ServiceAccount: who, what, where, the response code and the annotations
  # (authorization decision, stale-token). Metadata level never records request or response bodies.
  - level: Metadata
    userGroups: ["system:serviceaccounts"]
  # Nothing else: the dashboard's own identity, the API server's loopback client, controllers.
  - level: None
`

// auditLog is where the API server writes its audit log, and how it rotates it: at
// auditMaxSizeMB megabytes, keeping auditMaxBackups rotated files for at most auditMaxAgeDays.
const (
	auditMaxSizeMB  = 20
	auditMaxBackups = 5
	auditMaxAgeDays = 7
)

func auditDir(dir string) string        { return filepath.Join(dir, "audit") }
func auditLogPath(dir string) string    { return filepath.Join(auditDir(dir), "audit.log") }
func auditPolicyPath(dir string) string { return filepath.Join(auditDir(dir), "policy.yaml") }

// writeAuditPolicy writes the policy under the data dir, owner-only like the rest of it.
func writeAuditPolicy(dir string) error {
	if err := os.MkdirAll(auditDir(dir), 0o700); err != nil {
		return err
	}
	return os.WriteFile(auditPolicyPath(dir), []byte(auditPolicy), 0o600)
}

// auditArgs are the kube-apiserver audit flags. Mode "blocking" writes each event before the
// response is sent, so a request is in the log as soon as its answer arrives (batch mode
// would hold events up to a second, and drop them under load).
func auditArgs(dir string) []string {
	return []string{
		"--audit-policy-file=" + auditPolicyPath(dir),
		"--audit-log-path=" + auditLogPath(dir),
		"--audit-log-format=json",
		"--audit-log-mode=blocking",
		"--audit-log-maxsize=" + strconv.Itoa(auditMaxSizeMB),
		"--audit-log-maxbackup=" + strconv.Itoa(auditMaxBackups),
		"--audit-log-maxage=" + strconv.Itoa(auditMaxAgeDays),
		"--audit-log-compress=false",
	}
}
