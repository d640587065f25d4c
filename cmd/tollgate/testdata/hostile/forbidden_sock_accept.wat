;; forbidden_sock_accept.wat: imports WASI sock_accept, to take
;; connections on a socket it hopes was preopened.
;; expect: refused at load, the import named.
(module
  (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "tollgate_call") (result i32) (i32.const 0)))
