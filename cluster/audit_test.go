package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/pflag"
	auditinternal "k8s.io/apiserver/pkg/apis/audit"
	"k8s.io/apiserver/pkg/audit/policy"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

// The policy is loaded by the API server's own loader and evaluated by its own rule evaluator.
func TestAuditPolicyRecordsServiceAccountsOnly(t *testing.T) {
	dir := t.TempDir()
	if err := writeAuditPolicy(dir); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(auditPolicyPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("policy mode = %v, want 0600", info.Mode().Perm())
	}
	p, err := policy.LoadPolicyFromFile(auditPolicyPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	eval := policy.NewPolicyRuleEvaluator(p)
	sa := &user.DefaultInfo{
		Name:   "system:serviceaccount:demo:pod-viewer",
		Groups: []string{"system:serviceaccounts", "system:serviceaccounts:demo", "system:authenticated"},
	}
	admin := &user.DefaultInfo{Name: "tokenscope-admin", Groups: []string{"system:masters", "system:authenticated"}}
	loopback := &user.DefaultInfo{Name: "system:apiserver", Groups: []string{"system:authenticated", "system:masters"}}
	cases := []struct {
		name  string
		attrs authorizer.AttributesRecord
		want  auditinternal.Level
	}{
		{"a ServiceAccount lists pods", authorizer.AttributesRecord{User: sa, Verb: "list", Resource: "pods", Namespace: "demo", ResourceRequest: true, APIVersion: "v1"}, auditinternal.LevelMetadata},
		{"a ServiceAccount reads pod logs", authorizer.AttributesRecord{User: sa, Verb: "get", Resource: "pods", Subresource: "log", Namespace: "demo", Name: "p", ResourceRequest: true}, auditinternal.LevelMetadata},
		{"a ServiceAccount watches", authorizer.AttributesRecord{User: sa, Verb: "watch", Resource: "pods", Namespace: "demo", ResourceRequest: true}, auditinternal.LevelMetadata},
		{"a ServiceAccount calls /version", authorizer.AttributesRecord{User: sa, Verb: "get", Path: "/version"}, auditinternal.LevelMetadata},
		{"the dashboard watches", authorizer.AttributesRecord{User: admin, Verb: "watch", Resource: "rolebindings", APIGroup: "rbac.authorization.k8s.io", ResourceRequest: true}, auditinternal.LevelNone},
		{"the dashboard mints a token", authorizer.AttributesRecord{User: admin, Verb: "create", Resource: "serviceaccounts", Subresource: "token", Namespace: "demo", Name: "x", ResourceRequest: true}, auditinternal.LevelRequest},
		{"a ServiceAccount mints a token", authorizer.AttributesRecord{User: sa, Verb: "create", Resource: "serviceaccounts", Subresource: "token", Namespace: "demo", Name: "x", ResourceRequest: true}, auditinternal.LevelRequest},
		{"the dashboard reads a ServiceAccount", authorizer.AttributesRecord{User: admin, Verb: "get", Resource: "serviceaccounts", Namespace: "demo", Name: "x", ResourceRequest: true}, auditinternal.LevelNone},
		{"the API server's loopback client", authorizer.AttributesRecord{User: loopback, Verb: "list", Resource: "namespaces", ResourceRequest: true}, auditinternal.LevelNone},
	}
	for _, c := range cases {
		got := eval.EvaluatePolicyRule(c.attrs)
		if got.Level != c.want {
			t.Errorf("%s: level %s, want %s", c.name, got.Level, c.want)
		}
		if c.want != auditinternal.LevelNone {
			omitted := map[auditinternal.Stage]bool{}
			for _, s := range got.OmitStages {
				omitted[s] = true
			}
			if !omitted[auditinternal.StageRequestReceived] || !omitted[auditinternal.StageResponseStarted] || omitted[auditinternal.StageResponseComplete] {
				t.Errorf("%s: omitted stages %v, want RequestReceived and ResponseStarted only", c.name, got.OmitStages)
			}
		}
	}
}

// The audit flags are kube-apiserver's own and point under the data dir.
func TestAuditArgsAreKubeAPIServerFlags(t *testing.T) {
	dir := t.TempDir()
	s := options.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	for _, f := range s.Flags().FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(auditArgs(dir)); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"audit-policy-file":   filepath.Join(dir, "audit", "policy.yaml"),
		"audit-log-path":      filepath.Join(dir, "audit", "audit.log"),
		"audit-log-format":    "json",
		"audit-log-mode":      "blocking",
		"audit-log-maxsize":   "20",
		"audit-log-maxbackup": "5",
		"audit-log-maxage":    "7",
		"audit-log-compress":  "false",
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
	if s.Audit.LogOptions.Path != auditLogPath(dir) || s.Audit.PolicyFile != auditPolicyPath(dir) {
		t.Errorf("parsed audit options: path %q policy %q", s.Audit.LogOptions.Path, s.Audit.PolicyFile)
	}
}
