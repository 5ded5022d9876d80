;; Local replies and filter statuses (see _fidelity.wat) in a module shaped like the C++ SDK's
;; output on wasi-sdk: ABI marker 0.2.1, allocator `proxy_on_memory_allocate`, a WASI reactor
;; (`_initialize` writes "fidelity ready" to stdout with wasi_snapshot_preview1.fd_write).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $proxy_add_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_header_map_value" (func $proxy_get_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_send_local_response" (func $proxy_send_local_response (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))

  ;; @include _runtime.wat
  ;; @include _fidelity.wat
  ;; @string ready "fidelity ready\n"
  ;; @strings

  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (call $alloc (local.get $size)))
  (func (export "_initialize")
    (i32.store (i32.const 40) (i32.const @ready))
    (i32.store (i32.const 44) (i32.const #ready))
    (drop (call $fd_write (i32.const 1) (i32.const 40) (i32.const 1) (i32.const 24)))))
