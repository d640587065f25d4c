;; no_request.wat: reads a response without having made a request, and
;; outputs the i32 that response_read returned (want -1).
(module
  (import "tollgate" "response_read" (func $response_read (param i32 i32) (result i32)))
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "tollgate_call") (result i32)
    (i32.store (i32.const 0) (call $response_read (i32.const 16) (i32.const 16)))
    (drop (call $output_write (i32.const 0) (i32.const 4)))
    (i32.const 0)))
