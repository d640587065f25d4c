;; healthy.wat: a well-behaved community module. Every call outputs
;; {"data":{"healthy":true}}.
;; expect: ok, before and after every attack.
(module
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "{\"data\":{\"healthy\":true}}")
  (func (export "tollgate_call") (result i32)
    (drop (call $output_write (i32.const 1024) (i32.const 25)))
    (i32.const 0)))
