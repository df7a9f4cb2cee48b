package skipnote

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// goCommandStderr opens the standard error of the go command that runs
// this test binary, when that is not this binary's own (the go command
// captured it). It takes a copy of the go command's descriptor itself
// (pidfd_getfd), which shares its file offset, so a line written to a log
// file is not overwritten by the go command's next one. Where the kernel
// refuses that, it opens the same file through /proc, but only when that
// is safe: a pipe or a terminal, or a file the go command appends to.
//
// It uses syscall, not os, so that the go command's test cache does not
// take these /proc paths for inputs of the tests.
func goCommandStderr() (io.WriteCloser, bool) {
	ppid := os.Getppid()
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", ppid))
	if err != nil || !strings.HasPrefix(exe[strings.LastIndexByte(exe, '/')+1:], "go") {
		return nil, false // only under the go command
	}
	path := fmt.Sprintf("/proc/%d/fd/2", ppid)
	var theirs, mine syscall.Stat_t
	if syscall.Stat(path, &theirs) != nil {
		return nil, false
	}
	if syscall.Fstat(int(os.Stderr.Fd()), &mine) == nil && mine.Dev == theirs.Dev && mine.Ino == theirs.Ino {
		return nil, false // not captured: this binary's stderr is shown as it is
	}
	if fd, ok := descriptorOf(ppid, 2); ok {
		return fdWriter(fd), true
	}
	if theirs.Mode&syscall.S_IFMT == syscall.S_IFREG && !appends(ppid) {
		return nil, false
	}
	fd, err := syscall.Open(path, syscall.O_WRONLY|syscall.O_APPEND|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, false
	}
	return fdWriter(fd), true
}

// System call numbers of pidfd_open and pidfd_getfd (Linux 5.3 and 5.6),
// the same on every architecture; package syscall does not name them.
const (
	sysPidfdOpen  = 434
	sysPidfdGetfd = 438
)

// descriptorOf duplicates process pid's descriptor fd into this process.
func descriptorOf(pid, fd int) (int, bool) {
	pidfd, _, errno := syscall.Syscall(sysPidfdOpen, uintptr(pid), 0, 0)
	if errno != 0 {
		return 0, false
	}
	defer syscall.Close(int(pidfd))
	dup, _, errno := syscall.Syscall(sysPidfdGetfd, pidfd, uintptr(fd), 0)
	if errno != 0 {
		return 0, false
	}
	return int(dup), true
}

// appends reports whether process pid's standard error was opened for
// appending, from the flags in /proc/<pid>/fdinfo/2.
func appends(pid int) bool {
	fd, err := syscall.Open(fmt.Sprintf("/proc/%d/fdinfo/2", pid), syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return false
	}
	defer syscall.Close(fd)
	buf := make([]byte, 512)
	n, _ := syscall.Read(fd, buf)
	for _, line := range strings.Split(string(buf[:max(n, 0)]), "\n") {
		if v, ok := strings.CutPrefix(line, "flags:"); ok {
			flags, err := strconv.ParseUint(strings.TrimSpace(v), 8, 64)
			return err == nil && flags&syscall.O_APPEND != 0
		}
	}
	return false
}

// fdWriter writes to a file descriptor opened with syscall.
type fdWriter int

func (w fdWriter) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := syscall.Write(int(w), p[n:])
		if err != nil {
			return n, err
		}
		n += m
	}
	return n, nil
}

func (w fdWriter) Close() error { return syscall.Close(int(w)) }
