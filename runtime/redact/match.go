package redact

import (
	"bytes"
	"encoding/binary"
)

// gram and step define the filter: every value is at least MinSecretLen (8) bytes, so any
// occurrence of one covers a text position that is a multiple of step = 8-4+1 = 5 with a
// whole 4-byte gram of the value's first 8 bytes starting there, at an offset 0 to 4 into
// the value. Looking at every fifth position is enough.
const (
	gram = 4
	step = MinSecretLen - gram + 1
)

// matcher finds every occurrence of a fixed set of values, each at least MinSecretLen
// bytes long, in one pass whatever their number.
//
// A bytes.Index per value would be simpler, but an RSA key file registers about thirty
// values (the block and each body line, plain and percent-encoded), and thirty passes over
// every 64 KiB tool result are too slow. Instead the five 4-byte grams at the start of
// each value are hashed into a 65536-bit filter (8 KiB, it stays in L1), and the text is
// probed at every fifth position (see step). Only a filter hit, rare in text that holds no
// secret, looks up which values to compare.
type matcher struct {
	filter *[1 << 16 / 64]uint64
	grams  map[uint16][]gramAt
}

// gramAt says that val has, at offset off, a gram with a given hash.
type gramAt struct {
	val []byte
	off int
}

func newMatcher(vals []string) matcher {
	m := matcher{}
	if len(vals) == 0 {
		return m
	}
	m.filter = new([1 << 16 / 64]uint64)
	m.grams = make(map[uint16][]gramAt)
	for _, v := range vals {
		for off := range step {
			h := hashGram([]byte(v[off:]))
			m.filter[h/64] |= 1 << (h % 64)
			m.grams[h] = append(m.grams[h], gramAt{[]byte(v), off})
		}
	}
	return m
}

// hashGram hashes the first 4 bytes of b to 16 bits: a multiplicative hash, whose top
// bits depend on every input byte.
func hashGram(b []byte) uint16 {
	return uint16((binary.LittleEndian.Uint32(b) * 0x9E3779B1) >> 16)
}

// find appends a span for every occurrence of every value in b. Each occurrence is found
// once, from the one probed position it covers in its first 8 bytes.
func (m *matcher) find(b []byte, sp []span) []span {
	if m.filter == nil {
		return sp
	}
	f := m.filter
	for i := 0; i+gram <= len(b); i += step {
		h := hashGram(b[i:])
		if f[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		for _, g := range m.grams[h] {
			if s := i - g.off; s >= 0 && bytes.HasPrefix(b[s:], g.val) {
				sp = append(sp, span{s, s + len(g.val)})
			}
		}
	}
	return sp
}
