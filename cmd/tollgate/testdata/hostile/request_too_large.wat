;; request_too_large.wat: sends one gate request of 64 KiB + 1 byte, over
;; the host's request cap.
;; expect: limit_exceeded naming the request size cap.
(module
  (import "tollgate" "request" (func $request (param i32 i32) (result i32)))
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 0) "{\"op\":\"ticker_price\",\"params\":{\"symbol\":\"")
  (data (i32.const 100000) "{\"data\":\"sent\"}")
  (func (export "tollgate_call") (result i32)
    (memory.fill (i32.const 41) (i32.const 65) (i32.const 65496))
    (drop (call $request (i32.const 0) (i32.const 65537)))
    (drop (call $output_write (i32.const 100000) (i32.const 15)))
    (i32.const 0)))
