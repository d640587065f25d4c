;; hostile.wat: a guest that does whatever the test tells it.
;;
;; Every call first sends the fixed request "{}" and reads 16 bytes of the
;; response as four little-endian i32: op, a, b, c. The test's Requester
;; answers with the command, so one compiled module covers every attack.
;;
;;   op  does                                            then
;;    0  nothing                                         output {"data":"ok"}
;;    1  input_read(a, b)                                output the i32 result
;;    2  request(a, b)                                   output the i32 result
;;    3  response_read(a, b)                             output the i32 result
;;    4  output_write(a, b)                              return 0
;;    5  log(c, a, b)                                    output {"data":"ok"}
;;    6  loop forever
;;    7  memory.grow(1) until it fails, then unreachable
;;    8  return 0 without output
;;    9  output {"data":"ok"} and return 1
;;   10  output {"data":"ok"} twice
;;   11  unreachable
;;   12  fd_write 1 KiB to stdout (fd 1) c times          output {"data":"ok"}
;;   13  request("{}") c more times                       output {"data":"ok"}
;;   14  echo: input_read(16384, input_len()), output it
(module
  (import "tollgate" "input_len" (func $input_len (result i32)))
  (import "tollgate" "input_read" (func $input_read (param i32 i32) (result i32)))
  (import "tollgate" "request" (func $request (param i32 i32) (result i32)))
  (import "tollgate" "response_read" (func $response_read (param i32 i32) (result i32)))
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (import "tollgate" "log" (func $log (param i32 i32 i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 1)

  (data (i32.const 1024) "{}")
  (data (i32.const 4096) "{\"data\":\"ok\"}")
  ;; iovec for op 12: 1 KiB of 'A' at 5120
  (data (i32.const 8192) "\00\14\00\00\00\04\00\00")

  (func $ok
    (drop (call $output_write (i32.const 4096) (i32.const 13))))

  ;; output the 4 bytes of v
  (func $out_i32 (param $v i32)
    (i32.store (i32.const 4200) (local.get $v))
    (drop (call $output_write (i32.const 4200) (i32.const 4))))

  (func (export "tollgate_call") (result i32)
    (local $op i32) (local $a i32) (local $b i32) (local $c i32) (local $i i32)
    (drop (call $request (i32.const 1024) (i32.const 2)))
    (drop (call $response_read (i32.const 2048) (i32.const 16)))
    (local.set $op (i32.load (i32.const 2048)))
    (local.set $a (i32.load (i32.const 2052)))
    (local.set $b (i32.load (i32.const 2056)))
    (local.set $c (i32.load (i32.const 2060)))

    (block $b14 (block $b13 (block $b12 (block $b11 (block $b10 (block $b9 (block $b8
    (block $b7 (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $b3 $b4 $b5 $b6 $b7 $b8 $b9 $b10 $b11 $b12 $b13 $b14 $b0 (local.get $op)))
      ;; 0
      (call $ok) (return (i32.const 0)))
      ;; 1
      (call $out_i32 (call $input_read (local.get $a) (local.get $b))) (return (i32.const 0)))
      ;; 2
      (call $out_i32 (call $request (local.get $a) (local.get $b))) (return (i32.const 0)))
      ;; 3
      (call $out_i32 (call $response_read (local.get $a) (local.get $b))) (return (i32.const 0)))
      ;; 4
      (drop (call $output_write (local.get $a) (local.get $b))) (return (i32.const 0)))
      ;; 5
      (call $log (local.get $c) (local.get $a) (local.get $b)) (call $ok) (return (i32.const 0)))
      ;; 6
      (loop $forever (br $forever)) (unreachable))
      ;; 7
      (loop $grow (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) (unreachable))
      ;; 8
      (return (i32.const 0)))
      ;; 9
      (call $ok) (return (i32.const 1)))
      ;; 10
      (call $ok) (call $ok) (return (i32.const 0)))
      ;; 11
      (unreachable))
      ;; 12
      (memory.fill (i32.const 5120) (i32.const 65) (i32.const 1024))
      (block $done (loop $flood
        (br_if $done (i32.ge_u (local.get $i) (local.get $c)))
        (drop (call $fd_write (i32.const 1) (i32.const 8192) (i32.const 1) (i32.const 8200)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $flood)))
      (call $ok) (return (i32.const 0)))
      ;; 13
      (block $done (loop $more
        (br_if $done (i32.ge_u (local.get $i) (local.get $c)))
        (drop (call $request (i32.const 1024) (i32.const 2)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $more)))
      (call $ok) (return (i32.const 0)))
    ;; 14
    (local.set $i (call $input_len))
    (drop (call $input_read (i32.const 16384) (local.get $i)))
    (drop (call $output_write (i32.const 16384) (local.get $i)))
    (i32.const 0))
)
