;; infinite_loop.wat: loops forever without calling the host.
;; expect: limit_exceeded at the module's timeout.
(module
  (memory (export "memory") 1)
  (func (export "tollgate_call") (result i32)
    (loop $forever (br $forever))
    (i32.const 0)))
