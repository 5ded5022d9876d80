;; Local replies and filter statuses (see _fidelity.wat) in a module shaped like the Rust SDK's
;; output without WASI: ABI marker 0.2.1, allocator `malloc`, a reactor `_initialize`, no
;; wasi_snapshot_preview1 import.
(module
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $proxy_add_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_header_map_value" (func $proxy_get_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_send_local_response" (func $proxy_send_local_response (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))

  ;; @include _runtime.wat
  ;; @include _fidelity.wat
  ;; @strings

  (func (export "proxy_abi_version_0_2_1"))
  (func (export "malloc") (param $size i32) (result i32)
    (call $alloc (local.get $size)))
  (func (export "_initialize")))
