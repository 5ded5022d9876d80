;; A module that hands the host out-of-bounds pointers, as a buggy SDK would. On request headers it
;; calls, each with one pointer far past the end of memory:
;;   proxy_log(INFO, 0xfffffff0, 64)                          -> header `x-log-status`
;;   proxy_add_header_map_value(0, "x-bad", 5, 0xfffffff0, 8) -> header `x-add-status`
;;   proxy_get_header_map_value(0, ":path", 5, 0xfffffff0, 20) (return slot out of bounds)
;;                                                             -> header `x-get-status`
;;   proxy_get_property("plugin_root_id" with length 0x7fffffff) -> header `x-property-status`
;; then continues. A host must answer INVALID_MEMORY_ACCESS (6) and stay healthy.
(module
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $proxy_add_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_header_map_value" (func $proxy_get_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_property" (func $proxy_get_property (param i32 i32 i32 i32) (result i32)))

  ;; @include _runtime.wat

  ;; @string h_log "x-log-status"
  ;; @string h_add "x-add-status"
  ;; @string h_get "x-get-status"
  ;; @string h_property "x-property-status"
  ;; @string bad "x-bad"
  ;; @string path ":path"
  ;; @string root_id "plugin_root_id"
  ;; @strings

  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32) (call $alloc (local.get $size)))
  (func (export "proxy_on_context_create") (param $ctx i32) (param $parent i32))
  (func (export "proxy_on_request_headers") (param $ctx i32) (param $count i32) (param $eos i32) (result i32)
    (local $log i32) (local $add i32) (local $get i32) (local $property i32)
    (local.set $log (call $proxy_log (i32.const 2) (i32.const 0xfffffff0) (i32.const 64)))
    (local.set $add (call $proxy_add_header_map_value (i32.const 0) (i32.const @bad) (i32.const #bad)
      (i32.const 0xfffffff0) (i32.const 8)))
    (local.set $get (call $proxy_get_header_map_value (i32.const 0) (i32.const @path) (i32.const #path)
      (i32.const 0xfffffff0) (i32.const 20)))
    (local.set $property (call $proxy_get_property (i32.const @root_id) (i32.const 0x7fffffff) (i32.const 16) (i32.const 20)))
    (call $add_header_num (i32.const 0) (i32.const @h_log) (i32.const #h_log) (i64.extend_i32_u (local.get $log)))
    (call $add_header_num (i32.const 0) (i32.const @h_add) (i32.const #h_add) (i64.extend_i32_u (local.get $add)))
    (call $add_header_num (i32.const 0) (i32.const @h_get) (i32.const #h_get) (i64.extend_i32_u (local.get $get)))
    (call $add_header_num (i32.const 0) (i32.const @h_property) (i32.const #h_property) (i64.extend_i32_u (local.get $property)))
    (i32.const 0))
)
