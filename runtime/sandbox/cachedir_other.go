//go:build !unix

package sandbox

import "io/fs"

// ownedByUs cannot check ownership portably here; the mode check and the
// 0700 creation remain.
func ownedByUs(fs.FileInfo) bool { return true }

func ownedByUsOrRoot(fs.FileInfo) bool { return true }
