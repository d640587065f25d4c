;; forbidden_memory_import.wat: imports its memory instead of owning it.
(module
  (import "env" "memory" (memory 1))
  (export "memory" (memory 0))
  (func (export "tollgate_call") (result i32) (i32.const 0)))
