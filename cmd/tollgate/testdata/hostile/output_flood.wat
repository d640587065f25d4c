;; output_flood.wat: writes all 1 MiB of its memory as the output.
;; expect: limit_exceeded naming the module's max_output.
(module
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory (export "memory") 16)
  (func (export "tollgate_call") (result i32)
    (memory.fill (i32.const 0) (i32.const 65) (i32.const 1048576))
    (drop (call $output_write (i32.const 0) (i32.const 1048576)))
    (i32.const 0)))
