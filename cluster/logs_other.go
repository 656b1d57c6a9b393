//go:build !linux && !darwin && !dragonfly && !freebsd && !netbsd && !openbsd

package main

import "os"

// redirectFd2 (Windows and the rest): no dup2 here, so only writers that look up os.Stderr
// when they write (klog, zap's default sink) go to the file; a Go panic still reaches the console.
func redirectFd2(f *os.File) (*os.File, error) {
	saved := os.Stderr
	os.Stderr = f
	return saved, nil
}
