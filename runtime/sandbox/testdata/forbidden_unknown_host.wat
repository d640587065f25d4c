;; forbidden_unknown_host.wat: imports a tollgate function ABI v1 lacks.
(module
  (import "tollgate" "sign" (func $sign (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "tollgate_call") (result i32) (i32.const 0)))
