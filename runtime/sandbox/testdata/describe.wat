;; describe.wat: a minimal module for `tollgate pack`: tollgate_describe
;; writes its declarations; tollgate_call answers {"data":"ok"}.
(module
  (import "tollgate" "output_write" (func $output_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"data\":\"ok\"}")
  (data (i32.const 64) "{\"abi\":1,\"tools\":[{\"name\":\"ping\",\"title\":\"Ping\",\"inputSchema\":{\"type\":\"object\"},\"annotations\":{\"readOnlyHint\":true,\"destructiveHint\":false,\"idempotentHint\":true,\"openWorldHint\":false}}]}")
  (func (export "tollgate_describe") (result i32)
    (drop (call $output_write (i32.const 64) (i32.const 186)))
    (i32.const 0))
  (func (export "tollgate_call") (result i32)
    (drop (call $output_write (i32.const 0) (i32.const 13)))
    (i32.const 0)))
