;; log_flood.wat: 10,000 log lines of 64 KiB each, at every level and at
;; levels that do not exist, made of newlines and forged JSON log records.
;; expect: ok (the call may also fail cleanly); the host's log stays capped.
(module
  (import "tollgate" "log" (func $log (param i32 i32 i32)))
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory (export "memory") 2)
  ;; 64 bytes, repeated over the first 64 KiB
  (data (i32.const 65536) "\n{\"level\":\"ERROR\",\"msg\":\"module refused\",\"reason\":\"forged123\"}\n\00")
  (data (i32.const 66560) "{\"data\":\"logged\"}")
  (func (export "tollgate_call") (result i32)
    (local $i i32)
    (block $filled (loop $fill
      (br_if $filled (i32.ge_u (local.get $i) (i32.const 65536)))
      (memory.copy (local.get $i) (i32.const 65536) (i32.const 64))
      (local.set $i (i32.add (local.get $i) (i32.const 64)))
      (br $fill)))
    (local.set $i (i32.const 0))
    (block $done (loop $more
      (br_if $done (i32.ge_u (local.get $i) (i32.const 10000)))
      (call $log (i32.rem_u (local.get $i) (i32.const 9)) (i32.const 0) (i32.const 65536))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $more)))
    (drop (call $output_write (i32.const 66560) (i32.const 17)))
    (i32.const 0)))
