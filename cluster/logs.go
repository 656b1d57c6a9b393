package main

import "os"

// userErr is where this program's own messages go: the original stderr, kept aside before
// redirectStderr points the process's stderr at the log file.
var userErr = os.Stderr

// redirectStderr sends everything written to stderr — klog's text logger, etcd's zap logger and
// grpc — to a file in the data dir, so the terminal shows only READY and this program's own
// errors. How depends on the platform: logs_linux.go, logs_bsd.go, logs_other.go.
func redirectStderr(path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	saved, err := redirectFd2(f)
	if err != nil {
		return err
	}
	userErr = saved
	return nil
}
