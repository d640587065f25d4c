;; forbidden_env_socket.wat: imports a socket call from an "env" module.
(module
  (import "env" "sock_connect" (func $connect (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "tollgate_call") (result i32) (i32.const 0)))
