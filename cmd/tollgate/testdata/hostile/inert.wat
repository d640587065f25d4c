;; inert.wat: does nothing wrong in its code. The load-time vectors that are
;; about a module's declarations or configuration (its tollgate.tools
;; section, pin, signature) serve these bytes, each with its own section.
;; expect: never called; every module built on it is refused at load.
(module
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "{\"data\":\"should not have been served\"}")
  (func (export "tollgate_call") (result i32)
    (drop (call $output_write (i32.const 1024) (i32.const 38)))
    (i32.const 0)))
