package main

import (
	"context"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/pkg/controller/clusterroleaggregation"
	nscontroller "k8s.io/kubernetes/pkg/controller/namespace"
	sacontroller "k8s.io/kubernetes/pkg/controller/serviceaccount"
)

// startControllers runs the three kube-controller-manager loops the dashboard relies on:
// serviceaccount (a `default` ServiceAccount in every namespace), namespace (deleting a
// namespace finishes) and clusterrole-aggregation (`view`, `edit`, `admin` get their rules).
func startControllers(ctx context.Context, kubeconfig string) error {
	rc, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return err
	}
	rc.QPS, rc.Burst = 100, 200
	cs, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return err
	}
	md, err := metadata.NewForConfig(rc)
	if err != nil {
		return err
	}
	inf := informers.NewSharedInformerFactory(cs, 0)
	sac, err := sacontroller.NewServiceAccountsController(klog.FromContext(ctx),
		inf.Core().V1().ServiceAccounts(), inf.Core().V1().Namespaces(), cs,
		sacontroller.DefaultServiceAccountsControllerOptions())
	if err != nil {
		return err
	}
	nsc := nscontroller.NewNamespaceController(ctx, cs, md, cs.Discovery().ServerPreferredNamespacedResources,
		inf.Core().V1().Namespaces(), 5*time.Minute, v1.FinalizerKubernetes)
	crac := clusterroleaggregation.NewClusterRoleAggregation(inf.Rbac().V1().ClusterRoles(), cs.RbacV1())
	inf.Start(ctx.Done())
	go sac.Run(ctx, 1)
	go nsc.Run(ctx, 2)
	go crac.Run(ctx, 1)
	return nil
}
