;; memory_grow.wat: asks for all of the 4 GiB address space at once, then
;; grows one page at a time until memory.grow fails, then traps.
;; expect: limit_exceeded naming the module's memory_limit.
(module
  (memory (export "memory") 1)
  (func (export "tollgate_call") (result i32)
    (drop (memory.grow (i32.const 65535)))
    (loop $grow (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (unreachable)))
