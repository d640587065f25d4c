;; deep_recursion.wat: recurses without end, each frame holding locals.
;; expect: guest_error naming the stack overflow.
(module
  (memory (export "memory") 1)
  (func $down (param $n i64) (result i64)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64)
    (local.set $a (i64.add (local.get $n) (i64.const 1)))
    (i64.add (call $down (local.get $a)) (local.get $b)))
  (func (export "tollgate_call") (result i32)
    (drop (call $down (i64.const 0)))
    (i32.const 0)))
