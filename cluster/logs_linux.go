//go:build linux

package main

import (
	"os"
	"syscall"
)

// redirectFd2 points fd 2 itself at f (loggers that write to fd 2 directly follow) and returns
// a file for the original stderr. Linux has dup3, not dup2, on every architecture.
func redirectFd2(f *os.File) (*os.File, error) {
	saved, err := syscall.Dup(2)
	if err != nil {
		return nil, err
	}
	if err := syscall.Dup3(int(f.Fd()), 2, 0); err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(saved), "stderr"), nil
}
