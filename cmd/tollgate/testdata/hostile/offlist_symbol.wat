;; offlist_symbol.wat: a module allowed BTCUSDT only that asks for the
;; price of ETHUSDT, and returns the gate's answer as its output.
;; expect: permission_denied; nothing about ETHUSDT reaches the exchange.
(module
  (import "tollgate" "request" (func $request (param i32 i32) (result i32)))
  (import "tollgate" "response_read" (func $response_read (param i32 i32) (result i32)))
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "{\"op\":\"ticker_price\",\"params\":{\"symbol\":\"ETHUSDT\"}}")
  (func (export "tollgate_call") (result i32)
    (local $n i32)
    (local.set $n (call $request (i32.const 1024) (i32.const 51)))
    (if (i32.gt_u (local.get $n) (i32.const 32768)) (then (local.set $n (i32.const 32768))))
    (local.set $n (call $response_read (i32.const 8192) (local.get $n)))
    (drop (call $output_write (i32.const 8192) (local.get $n)))
    (i32.const 0)))
