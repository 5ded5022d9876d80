;; A module shaped like an Emscripten build of the C++ SDK against the old ABI 0.1.0: marker
;; proxy_abi_version_0_1_0, allocator `malloc`, a reactor `_initialize` followed by `main`,
;; env.emscripten_notify_memory_growth, two-parameter header callbacks, the 0.1.0-only host
;; functions, and property paths with a trailing NUL after every segment (C++ SDK style).
;;
;; _initialize            logs "initialized"; main logs "main called"
;; on_configure           reads the plugin configuration with proxy_get_configuration, sets a
;;                        100 ms tick
;; on_request_headers     adds `x-abi: 0.1.0`, `x-config: <configuration>`, `x-root-id: <property
;;                        "plugin_root_id\0">`, `x-cpp-path: <property "request\0path\0">`,
;;                        `x-cpp-custom: <property "custom\0value\0">`,
;;                        `x-missing-status: <status of proxy_get_header_map_value("x-missing")>`,
;;                        logs "clear_route_cache status N"; pauses when `x-pause` is present
;; on_response_headers    adds `x-abi-response: 0.1.0`; pauses when the response has `x-pause`
;; on_tick                resumes a paused request with proxy_continue_request and a paused
;;                        response with proxy_continue_response (after proxy_set_effective_context
;;                        to the paused stream), logging "continue_request status N" / "continue_response status N"
(module
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_get_configuration" (func $proxy_get_configuration (param i32 i32) (result i32)))
  (import "env" "proxy_continue_request" (func $proxy_continue_request (result i32)))
  (import "env" "proxy_continue_response" (func $proxy_continue_response (result i32)))
  (import "env" "proxy_clear_route_cache" (func $proxy_clear_route_cache (result i32)))
  (import "env" "proxy_add_header_map_value" (func $proxy_add_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_header_map_value" (func $proxy_get_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_property" (func $proxy_get_property (param i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_set_tick_period_milliseconds" (func $proxy_set_tick_period_milliseconds (param i32) (result i32)))
  (import "env" "proxy_set_effective_context" (func $proxy_set_effective_context (param i32) (result i32)))
  (import "env" "emscripten_notify_memory_growth" (func $emscripten_notify_memory_growth (param i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))

  ;; @include _runtime.wat

  ;; @string initialized "initialized"
  ;; @string main_called "main called"
  ;; @string h_abi "x-abi"
  ;; @string h_abi_response "x-abi-response"
  ;; @string v010 "0.1.0"
  ;; @string h_config "x-config"
  ;; @string h_root_id "x-root-id"
  ;; @string p_root_id "plugin_root_id\00"
  ;; @string h_cpp_path "x-cpp-path"
  ;; @string p_cpp_path "request\00path\00"
  ;; @string h_cpp_custom "x-cpp-custom"
  ;; @string p_cpp_custom "custom\00value\00"
  ;; @string h_missing "x-missing"
  ;; @string h_missing_status "x-missing-status"
  ;; @string h_pause "x-pause"
  ;; @string clear_status "clear_route_cache status "
  ;; @string continue_request_status "continue_request status "
  ;; @string continue_response_status "continue_response status "
  ;; @strings

  (global $config_ptr (mut i32) (i32.const 0))
  (global $config_len (mut i32) (i32.const 0))
  (global $paused_request (mut i32) (i32.const 0))
  (global $paused_response (mut i32) (i32.const 0))

  (func (export "proxy_abi_version_0_1_0"))
  (func (export "malloc") (param $size i32) (result i32)
    (local $pages i32) (local $ptr i32)
    (local.set $pages (memory.size))
    (local.set $ptr (call $alloc (local.get $size)))
    (if (i32.ne (local.get $pages) (memory.size))
      (then (call $emscripten_notify_memory_growth (i32.const 0))))
    (local.get $ptr))

  (func (export "_initialize")
    (call $log (i32.const @initialized) (i32.const #initialized)))
  (func (export "main") (param $argc i32) (param $argv i32) (result i32)
    (call $log (i32.const @main_called) (i32.const #main_called))
    (i32.const 0))

  (func (export "proxy_on_vm_start") (param $root i32) (param $size i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param $root i32) (param $size i32) (result i32)
    (i32.store (i32.const 16) (i32.const 0))
    (i32.store (i32.const 20) (i32.const 0))
    (drop (call $proxy_get_configuration (i32.const 16) (i32.const 20)))
    (global.set $config_ptr (i32.load (i32.const 16)))
    (global.set $config_len (i32.load (i32.const 20)))
    (drop (call $proxy_set_tick_period_milliseconds (i32.const 100)))
    (i32.const 1))
  (func (export "proxy_on_context_create") (param $ctx i32) (param $parent i32))

  ;; ABI 0.1.0 answers a missing header with OK and an empty value, so test the size too.
  (func $has_header (param $map i32) (param $key i32) (param $len i32) (result i32)
    (i32.store (i32.const 20) (i32.const 0))
    (i32.and
      (i32.eqz (call $proxy_get_header_map_value (local.get $map) (local.get $key) (local.get $len) (i32.const 16) (i32.const 20)))
      (i32.ne (i32.load (i32.const 20)) (i32.const 0))))

  (func $property_to_header (param $path i32) (param $plen i32) (param $key i32) (param $klen i32)
    (if (i32.eqz (call $proxy_get_property (local.get $path) (local.get $plen) (i32.const 16) (i32.const 20)))
      (then
        (drop (call $proxy_add_header_map_value (i32.const 0) (local.get $key) (local.get $klen)
          (i32.load (i32.const 16)) (i32.load (i32.const 20)))))))

  (func (export "proxy_on_request_headers") (param $ctx i32) (param $count i32) (result i32)
    (drop (call $proxy_add_header_map_value (i32.const 0) (i32.const @h_abi) (i32.const #h_abi) (i32.const @v010) (i32.const #v010)))
    (drop (call $proxy_add_header_map_value (i32.const 0) (i32.const @h_config) (i32.const #h_config)
      (global.get $config_ptr) (global.get $config_len)))
    (call $property_to_header (i32.const @p_root_id) (i32.const #p_root_id) (i32.const @h_root_id) (i32.const #h_root_id))
    (call $property_to_header (i32.const @p_cpp_path) (i32.const #p_cpp_path) (i32.const @h_cpp_path) (i32.const #h_cpp_path))
    (call $property_to_header (i32.const @p_cpp_custom) (i32.const #p_cpp_custom) (i32.const @h_cpp_custom) (i32.const #h_cpp_custom))
    (call $add_header_num (i32.const 0) (i32.const @h_missing_status) (i32.const #h_missing_status)
      (i64.extend_i32_u (call $proxy_get_header_map_value (i32.const 0) (i32.const @h_missing) (i32.const #h_missing)
        (i32.const 16) (i32.const 20))))
    (call $log_num (i32.const @clear_status) (i32.const #clear_status) (i64.extend_i32_u (call $proxy_clear_route_cache)))
    (if (call $has_header (i32.const 0) (i32.const @h_pause) (i32.const #h_pause))
      (then (global.set $paused_request (local.get $ctx)) (return (i32.const 1))))
    (i32.const 0))

  (func (export "proxy_on_response_headers") (param $ctx i32) (param $count i32) (result i32)
    (drop (call $proxy_add_header_map_value (i32.const 2) (i32.const @h_abi_response) (i32.const #h_abi_response)
      (i32.const @v010) (i32.const #v010)))
    (if (call $has_header (i32.const 2) (i32.const @h_pause) (i32.const #h_pause))
      (then (global.set $paused_response (local.get $ctx)) (return (i32.const 1))))
    (i32.const 0))

  (func (export "proxy_on_tick") (param $root i32)
    (if (global.get $paused_request)
      (then
        (drop (call $proxy_set_effective_context (global.get $paused_request)))
        (call $log_num (i32.const @continue_request_status) (i32.const #continue_request_status)
          (i64.extend_i32_u (call $proxy_continue_request)))
        (global.set $paused_request (i32.const 0))))
    (if (global.get $paused_response)
      (then
        (drop (call $proxy_set_effective_context (global.get $paused_response)))
        (call $log_num (i32.const @continue_response_status) (i32.const #continue_response_status)
          (i64.extend_i32_u (call $proxy_continue_response)))
        (global.set $paused_response (i32.const 0)))))

  (func (export "proxy_on_done") (param $ctx i32) (result i32) (i32.const 1))
  (func (export "proxy_on_log") (param $ctx i32))
  (func (export "proxy_on_delete") (param $ctx i32))
)
