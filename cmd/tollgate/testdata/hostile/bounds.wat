;; bounds.wat: passes one (ptr, len) pair that is not wholly inside its
;; 64 KiB memory to one host function, chosen by the call's arguments:
;; the input holds an "X" followed by the case letter, e.g. {"case":"Xc"}.
;;
;;   case  call                                   the pair
;;    a    input_read(65536, 1)                   one byte past the end
;;    b    input_read(0xffffffff, 2)              ptr+len wraps 32 bits
;;    c    request(65536, 1)                      one byte past the end
;;    d    request(0xffffffff, 2)                 ptr+len wraps 32 bits
;;    e    response_read(65536, 1)                one byte past the end
;;    f    response_read(0xffffffff, 2)           ptr+len wraps 32 bits
;;    g    output_write(65536, 1)                 one byte past the end
;;    h    output_write(0xffffffff, 2)            ptr+len wraps 32 bits
;;    i    log(1, 65536, 1)                       one byte past the end
;;    j    log(1, 0xffffffff, 2)                  ptr+len wraps 32 bits
;;    k    input_read(2, 0xffffffff)              len wraps 32 bits
;;    l    log(1, 2, 0xffffffff)                  len wraps 32 bits
;;
;; expect: sandbox_violation naming the host function, every case.
(module
  (import "tollgate" "input_len" (func $input_len (result i32)))
  (import "tollgate" "input_read" (func $input_read (param i32 i32) (result i32)))
  (import "tollgate" "request" (func $request (param i32 i32) (result i32)))
  (import "tollgate" "response_read" (func $response_read (param i32 i32) (result i32)))
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (import "tollgate" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 512) "{\"data\":\"survived\"}")

  (func (export "tollgate_call") (result i32)
    (local $n i32) (local $i i32) (local $case i32)
    ;; read the input (at most 60 KiB of it) to 1024 and find "X"
    (local.set $n (call $input_len))
    (if (i32.gt_u (local.get $n) (i32.const 61440)) (then (local.set $n (i32.const 61440))))
    (drop (call $input_read (i32.const 1024) (local.get $n)))
    (local.set $case (i32.const -1))
    (block $found (loop $scan
      (br_if $found (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
      (if (i32.eq (i32.load8_u (i32.add (i32.const 1024) (local.get $i))) (i32.const 88))
        (then
          (local.set $case (i32.sub (i32.load8_u (i32.add (i32.const 1025) (local.get $i))) (i32.const 97)))
          (br $found)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $scan)))

    (block $tail
    (block $bl (block $bk (block $bj (block $bi (block $bh (block $bg
    (block $bf (block $be (block $bd (block $bc (block $bb (block $ba (block $none
      (br_table $ba $bb $bc $bd $be $bf $bg $bh $bi $bj $bk $bl $none (local.get $case)))
      ;; no case: return an output so the test can tell
      (drop (call $output_write (i32.const 512) (i32.const 19))) (return (i32.const 0)))
      (drop (call $input_read (i32.const 65536) (i32.const 1))) (br $tail))
      (drop (call $input_read (i32.const -1) (i32.const 2))) (br $tail))
      (drop (call $request (i32.const 65536) (i32.const 1))) (br $tail))
      (drop (call $request (i32.const -1) (i32.const 2))) (br $tail))
      (drop (call $response_read (i32.const 65536) (i32.const 1))) (br $tail))
      (drop (call $response_read (i32.const -1) (i32.const 2))) (br $tail))
      (drop (call $output_write (i32.const 65536) (i32.const 1))) (br $tail))
      (drop (call $output_write (i32.const -1) (i32.const 2))) (br $tail))
      (call $log (i32.const 1) (i32.const 65536) (i32.const 1)) (br $tail))
      (call $log (i32.const 1) (i32.const -1) (i32.const 2)) (br $tail))
      (drop (call $input_read (i32.const 2) (i32.const -1))) (br $tail))
      (call $log (i32.const 1) (i32.const 2) (i32.const -1)))
    ;; still running after the bad call: claim success
    (drop (call $output_write (i32.const 512) (i32.const 19)))
    (i32.const 0)))
