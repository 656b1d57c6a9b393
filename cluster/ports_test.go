package main

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestPortOrKeepsAFreeRememberedPort(t *testing.T) {
	want, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	got, err := portOr(want)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("portOr(%d) = %d: a restart should listen where it did before", want, got)
	}
}

func TestPortOrMovesOffABusyPort(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	busy := l.Addr().(*net.TCPAddr).Port
	got, err := portOr(busy)
	if err != nil {
		t.Fatal(err)
	}
	if got == busy {
		t.Fatalf("portOr(%d) returned the port in use", busy)
	}
	assertBindable(t, got)
}

func TestPortOrPicksAFreePortWhenNoneIsRemembered(t *testing.T) {
	for _, want := range []int{0, -1} {
		got, err := portOr(want)
		if err != nil {
			t.Fatal(err)
		}
		if got <= 0 || got > 65535 {
			t.Fatalf("portOr(%d) = %d", want, got)
		}
		assertBindable(t, got)
	}
}

func assertBindable(t *testing.T, port int) {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatalf("port %d cannot be bound: %v", port, err)
	}
	l.Close()
}

func TestPortsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ports.json")
	if got := loadPorts(path); got != (ports{}) {
		t.Errorf("no file: %+v, want zero ports (pick free ones)", got)
	}
	want := ports{API: 6443, EtcdPeer: 2380}
	if err := savePorts(path, want); err != nil {
		t.Fatal(err)
	}
	if got := loadPorts(path); got != want {
		t.Errorf("loadPorts = %+v, want %+v", got, want)
	}
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := loadPorts(path); got != (ports{}) {
		t.Errorf("a corrupt file: %+v, want zero ports", got)
	}
}
