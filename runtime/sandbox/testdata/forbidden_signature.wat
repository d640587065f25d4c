;; forbidden_signature.wat: imports tollgate.request with a 64-bit pointer.
(module
  (import "tollgate" "request" (func $request (param i64 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "tollgate_call") (result i32) (i32.const 0)))
