;; init_request.wat: tries a gate request from _initialize, where there is
;; no call and so no request budget.
(module
  (import "tollgate" "request" (func $request (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{}")
  (func (export "_initialize") (drop (call $request (i32.const 0) (i32.const 2))))
  (func (export "tollgate_call") (result i32) (i32.const 0)))
