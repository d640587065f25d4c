;; forbidden_path_open.wat: imports WASI path_open, outside the subset.
;; expect: refused at load, the import named.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "tollgate_call") (result i32) (i32.const 0)))
