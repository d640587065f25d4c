package declare

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// wasmHeader is the magic number and version 1 of a core WebAssembly binary.
// A component (version 0x0d) or any other layer is refused.
var wasmHeader = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

// SectionCustom is the id of a custom section.
const SectionCustom byte = 0

// Section is one section of a WebAssembly binary, as found by [Sections].
// Payload aliases the binary passed in; it excludes the id and the size, and,
// for a custom section, the name.
type Section struct {
	ID      byte
	Name    string // custom sections only
	Payload []byte
	// Start and End delimit the whole section (id byte to end of payload)
	// in the binary.
	Start, End int
}

// Sections walks the section headers of a core WebAssembly binary without
// decoding or compiling anything, calling fn for each section in order. It
// stops at the first error from fn and returns it.
//
// Only the framing is checked: the header, that each size fits in the
// binary, and that each custom section has a UTF-8 name that fits in it.
func Sections(wasm []byte, fn func(Section) error) error {
	if len(wasm) < len(wasmHeader) || !bytes.Equal(wasm[:len(wasmHeader)], wasmHeader) {
		return fmt.Errorf("%w: not a core WebAssembly 1 binary", ErrMalformed)
	}
	off := len(wasmHeader)
	for off < len(wasm) {
		start := off
		id := wasm[off]
		off++
		size, n, err := ReadU32(wasm[off:])
		if err != nil {
			return fmt.Errorf("%w: section at byte %d: %v", ErrMalformed, start, err)
		}
		off += n
		if uint64(size) > uint64(len(wasm)-off) {
			return fmt.Errorf("%w: section at byte %d: size %d past the end", ErrMalformed, start, size)
		}
		payload := wasm[off : off+int(size)]
		off += int(size)
		s := Section{ID: id, Payload: payload, Start: start, End: off}
		if id == SectionCustom {
			nameLen, n, err := ReadU32(payload)
			if err != nil || uint64(nameLen) > uint64(len(payload)-n) {
				return fmt.Errorf("%w: custom section at byte %d: bad name", ErrMalformed, start)
			}
			name := payload[n : n+int(nameLen)]
			if !utf8.Valid(name) {
				return fmt.Errorf("%w: custom section at byte %d: name is not UTF-8", ErrMalformed, start)
			}
			s.Name = string(name)
			s.Payload = payload[n+int(nameLen):]
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

// ReadU32 decodes an unsigned LEB128 number of at most 32 bits from the
// start of b, returning the value and the number of bytes read. Encodings
// longer than 5 bytes, or whose fifth byte carries bits above bit 31, are
// refused, as the core specification requires.
func ReadU32(b []byte) (uint32, int, error) {
	var v uint32
	for i := 0; i < 5; i++ {
		if i >= len(b) {
			return 0, 0, fmt.Errorf("truncated LEB128")
		}
		c := b[i]
		if i == 4 && c&0xf0 != 0 {
			return 0, 0, fmt.Errorf("LEB128 overflows 32 bits")
		}
		v |= uint32(c&0x7f) << (7 * i)
		if c&0x80 == 0 {
			return v, i + 1, nil
		}
	}
	return 0, 0, fmt.Errorf("LEB128 overflows 32 bits")
}

// appendU32 appends the unsigned LEB128 encoding of v to b.
func appendU32(b []byte, v uint32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b = append(b, c|0x80)
			continue
		}
		return append(b, c)
	}
}

// AppendSection returns a copy of wasm with every existing [SectionName]
// custom section removed and one new section holding payload appended at the
// end. wasm itself is not modified.
//
// The payload is not validated here: run [Parse] on it first, as
// `tollgate pack` does. It must not be larger than [MaxSectionSize].
func AppendSection(wasm []byte, payload []byte) ([]byte, error) {
	if len(payload) > MaxSectionSize {
		return nil, fmt.Errorf("declare: payload of %d bytes is over the %d-byte limit: %w", len(payload), MaxSectionSize, ErrTooLarge)
	}
	out := make([]byte, 0, len(wasm)+len(payload)+len(SectionName)+16)
	out = append(out, wasmHeader...)
	err := Sections(wasm, func(s Section) error {
		if s.ID == SectionCustom && s.Name == SectionName {
			return nil
		}
		out = append(out, wasm[s.Start:s.End]...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("declare: %w", err)
	}
	body := appendU32(nil, uint32(len(SectionName)))
	body = append(body, SectionName...)
	out = append(out, SectionCustom)
	out = appendU32(out, uint32(len(body)+len(payload)))
	out = append(out, body...)
	out = append(out, payload...)
	return out, nil
}
