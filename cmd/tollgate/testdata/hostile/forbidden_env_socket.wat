;; forbidden_env_socket.wat: imports a socket call from an "env" module,
;; as an Emscripten-style build would.
;; expect: refused at load, the import named.
(module
  (import "env" "socket" (func $socket (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "tollgate_call") (result i32) (i32.const 0)))
