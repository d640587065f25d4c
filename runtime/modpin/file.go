package modpin

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxModuleSize caps a module file. The largest built-in module is under 4 MiB; a file
// many times that is not a tool module, and the host would hold it, and its compiled
// code, in memory.
const MaxModuleSize = 64 << 20

// MaxSignatureSize caps a signature file: 64 raw bytes, or their base64 with line breaks.
const MaxSignatureSize = 4 << 10

// ErrNotRegular and ErrTooLarge are the refusals of the readers below; the messages around
// them name the path and what was found.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
)

// ReadModule reads a module file: a regular file of at most MaxModuleSize bytes.
func ReadModule(path string) ([]byte, error) {
	return ReadRegular(path, MaxModuleSize, regularUpTo(MaxModuleSize, "a .wasm file"))
}

// ReadSignature reads a detached signature file: a regular file of at most
// MaxSignatureSize bytes. Its contents are checked by CheckSignature.
func ReadSignature(path string) ([]byte, error) {
	return ReadRegular(path, MaxSignatureSize, regularUpTo(MaxSignatureSize, "a signature file as `tollgate sign` writes it"))
}

func regularUpTo(max int64, want string) func(fs.FileInfo) error {
	return func(fi fs.FileInfo) error {
		switch {
		case !fi.Mode().IsRegular():
			return fmt.Errorf("%w: it is %s; want %s", ErrNotRegular, FileKind(fi.Mode()), want)
		case fi.Size() > max:
			return fmt.Errorf("%w: %d bytes, over the %d bytes allowed", ErrTooLarge, fi.Size(), max)
		}
		return nil
	}
}

// ReadRegular opens path and reads it whole, after check has approved what was opened.
// O_NONBLOCK: opening a FIFO would otherwise wait for a writer, forever and deaf to
// SIGTERM; the type is checked on the opened file, so swapping the path in between gains
// nothing. max also caps the read, in case the file grows after the check.
func ReadRegular(path string, max int64, check func(fs.FileInfo) error) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err // *PathError: names the path
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := check(fi); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: %w: grew past %d bytes while being read", path, ErrTooLarge, max)
	}
	return b, nil
}

// FileKind names what a non-regular file is, for messages.
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	default:
		return "not a regular file (mode " + m.String() + ")"
	}
}
