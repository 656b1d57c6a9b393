package main

import (
	"encoding/json"
	"net"
	"os"
	"strconv"
)

// ports are remembered in the data dir so that a restart listens where it did before:
// etcd's member keeps its peer URL, and a dashboard's kubeconfig keeps pointing at
// the API server while it is stopped and started again.
type ports struct {
	API      int `json:"api"`
	EtcdPeer int `json:"etcdPeer"`
}

func loadPorts(path string) ports {
	var p ports
	if b, err := os.ReadFile(path); err == nil {
		_ = json.Unmarshal(b, &p)
	}
	return p
}

func savePorts(path string, p ports) error {
	b, _ := json.Marshal(p)
	return os.WriteFile(path, b, 0o600)
}

// portOr returns want when it can be bound now, else a free port.
func portOr(want int) (int, error) {
	if want > 0 {
		if l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(want))); err == nil {
			l.Close()
			return want, nil
		}
	}
	return freePort()
}
