;; grow_max.wat: grow.wat with a memory that declares 2 pages, at most 3.
;; Everything else is as in grow.wat.
;;
;; Every call first sends the request "{}" and reads 16 bytes of the
;; response as four little-endian i32: op, a, b, c (helpers_test.go's cmd).
;;
;;   op  does                                         then
;;    0  memory.grow(a)                               unreachable if it returned -1,
;;                                                    else output its result (4 bytes)
;;    1  store a marker at 64, memory.grow(a),        output the two results, memory.size
;;       memory.grow(b)                               and the marker read back (16 bytes)
;;    2  memory.grow(1) a times, then store a byte    output memory.size (4 bytes)
;;       at memory.size*65536 - 1 + b
(module
  (import "tollgate" "request" (func $request (param i32 i32) (result i32)))
  (import "tollgate" "response_read" (func $response_read (param i32 i32) (result i32)))
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))

  (memory (export "memory") 2 3)

  (data (i32.const 0) "{}")

  (func (export "tollgate_call") (result i32)
    (local $op i32) (local $a i32) (local $b i32) (local $r i32)
    (drop (call $request (i32.const 0) (i32.const 2)))
    (drop (call $response_read (i32.const 16) (i32.const 16)))
    (local.set $op (i32.load (i32.const 16)))
    (local.set $a (i32.load (i32.const 20)))
    (local.set $b (i32.load (i32.const 24)))

    (if (i32.eqz (local.get $op))
      (then
        (local.set $r (memory.grow (local.get $a)))
        (if (i32.eq (local.get $r) (i32.const -1)) (then (unreachable)))
        (i32.store (i32.const 32) (local.get $r))
        (drop (call $output_write (i32.const 32) (i32.const 4)))
        (return (i32.const 0))))

    (if (i32.eq (local.get $op) (i32.const 1))
      (then
        (i32.store (i32.const 64) (i32.const 0x5a17ab1e))
        (i32.store (i32.const 32) (memory.grow (local.get $a)))
        (i32.store (i32.const 36) (memory.grow (local.get $b)))
        (i32.store (i32.const 40) (memory.size))
        (i32.store (i32.const 44) (i32.load (i32.const 64)))
        (drop (call $output_write (i32.const 32) (i32.const 16)))
        (return (i32.const 0))))

    (block $done (loop $grow
      (br_if $done (i32.eqz (local.get $a)))
      (drop (memory.grow (i32.const 1)))
      (local.set $a (i32.sub (local.get $a) (i32.const 1)))
      (br $grow)))
    (i32.store8
      (i32.add (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 1)) (local.get $b))
      (i32.const 1))
    (i32.store (i32.const 32) (memory.size))
    (drop (call $output_write (i32.const 32) (i32.const 4)))
    (i32.const 0))
)
