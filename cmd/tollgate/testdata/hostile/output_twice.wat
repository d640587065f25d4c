;; output_twice.wat: writes a valid output, then a second one.
;; expect: sandbox_violation; neither output reaches the client.
(module
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "{\"data\":\"first\"}")
  (data (i32.const 2048) "{\"data\":\"second\"}")
  (func (export "tollgate_call") (result i32)
    (drop (call $output_write (i32.const 1024) (i32.const 16)))
    (drop (call $output_write (i32.const 2048) (i32.const 17)))
    (i32.const 0)))
