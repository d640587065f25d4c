;; no_call.wat: lacks the tollgate_call export.
(module
  (memory (export "memory") 1)
  (func (export "tollgate_calls") (result i32) (i32.const 0)))
