;; gate_flood.wat: sends 5,000 gate operations (rate_limit_status, which the
;; host answers without asking the exchange) in one call.
;; expect: limit_exceeded naming the module's max_requests.
(module
  (import "tollgate" "request" (func $request (param i32 i32) (result i32)))
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "{\"op\":\"rate_limit_status\",\"params\":{}}")
  (data (i32.const 2048) "{\"data\":\"sent them all\"}")
  (func (export "tollgate_call") (result i32)
    (local $i i32)
    (block $done (loop $more
      (br_if $done (i32.ge_u (local.get $i) (i32.const 5000)))
      (drop (call $request (i32.const 1024) (i32.const 38)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $more)))
    (drop (call $output_write (i32.const 2048) (i32.const 24)))
    (i32.const 0)))
