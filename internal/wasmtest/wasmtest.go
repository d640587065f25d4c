// Package wasmtest builds small WebAssembly modules byte by byte for tests that need a
// guest with particular declarations, without a toolchain.
package wasmtest

import "bytes"

// DescribeGuest assembles a module like runtime/sandbox/testdata/describe.wat whose
// tollgate_describe writes decl: a guest for `tollgate pack` to pack with any
// declarations. TestDescribeGuestIsDescribeWat checks it against wat2wasm's output.
func DescribeGuest(decl string) []byte {
	uleb := func(v uint64) (b []byte) {
		for {
			c := byte(v & 0x7f)
			if v >>= 7; v != 0 {
				b = append(b, c|0x80)
				continue
			}
			return append(b, c)
		}
	}
	sleb := func(v int64) (b []byte) {
		for {
			c := byte(v & 0x7f)
			v >>= 7
			if v == 0 && c&0x40 == 0 || v == -1 && c&0x40 != 0 {
				return append(b, c)
			}
			b = append(b, c|0x80)
		}
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	vec := func(n int, items ...[]byte) []byte { return cat(uleb(uint64(n)), cat(items...)) }
	str := func(s string) []byte { return cat(uleb(uint64(len(s))), []byte(s)) }
	section := func(id byte, payload []byte) []byte { return cat([]byte{id}, uleb(uint64(len(payload))), payload) }
	i32 := func(v int) []byte { return cat([]byte{0x41}, sleb(int64(v))) }
	body := func(code ...[]byte) []byte {
		b := cat([]byte{0}, cat(code...), []byte{0x0b})
		return cat(uleb(uint64(len(b))), b)
	}
	const ok = `{"data":"ok"}`
	write := func(at, n int) []byte { return cat(i32(at), i32(n), []byte{0x10, 0x00, 0x1a}, i32(0)) } // call output_write; drop; 0
	pages := 1 + (64+len(decl))/65536
	return cat([]byte("\x00asm\x01\x00\x00\x00"),
		section(1, vec(2, []byte{0x60, 2, 0x7f, 0x7f, 1, 0x7f}, []byte{0x60, 0, 1, 0x7f})), // (i32,i32)->i32, ()->i32
		section(2, vec(1, str("tollgate"), str("output_write"), []byte{0x00, 0x00})),
		section(3, vec(2, []byte{1}, []byte{1})),
		section(5, vec(1, cat([]byte{0x00}, uleb(uint64(pages))))),
		section(7, vec(3, str("memory"), []byte{2, 0}, str("tollgate_describe"), []byte{0, 1}, str("tollgate_call"), []byte{0, 2})),
		section(10, vec(2, body(write(64, len(decl))), body(write(0, len(ok))))),
		section(11, vec(2, cat([]byte{0}, i32(0), []byte{0x0b}, str(ok)), cat([]byte{0}, i32(64), []byte{0x0b}, str(decl)))),
	)
}
