;; init_trap.wat: _initialize traps, so no instance can ever be prepared.
;; expect: the host loads it (it reads the declarations without running
;; guest code) and lists its tool; each call fails cleanly with guest_error
;; naming _initialize.
(module
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "{\"data\":\"initialised\"}")
  (func (export "_initialize") (unreachable))
  (func (export "tollgate_call") (result i32)
    (drop (call $output_write (i32.const 1024) (i32.const 22)))
    (i32.const 0)))
