//go:build !linux

package skipnote

import "io"

// goCommandStderr finds the go command's standard error through /proc,
// which only Linux has; elsewhere the lines go to this binary's standard
// error, shown with -v or when the package fails.
func goCommandStderr() (io.WriteCloser, bool) { return nil, false }
