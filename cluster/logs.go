package main

import (
	"os"
	"syscall"
)

// userErr is where this program's own messages go: the original stderr, kept aside before
// redirectStderr points fd 2 at the log file.
var userErr = os.Stderr

// redirectStderr sends everything written to fd 2 — klog's text logger, etcd's zap logger and
// grpc all write there directly — to a file in the data dir, so the terminal shows only READY
// and this program's own errors.
func redirectStderr(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	saved, err := syscall.Dup(2)
	if err != nil {
		return err
	}
	userErr = os.NewFile(uintptr(saved), "stderr")
	return syscall.Dup3(int(f.Fd()), 2, 0)
}
