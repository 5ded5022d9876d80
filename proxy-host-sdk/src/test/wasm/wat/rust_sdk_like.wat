;; A module shaped like the output of the Rust SDK (proxy-wasm 0.2 on wasm32-wasip1): ABI marker
;; 0.2.1, allocator proxy_on_memory_allocate, a WASI reactor (_initialize) importing from
;; wasi_snapshot_preview1, property paths as NUL-joined segments without a trailing NUL. It calls the
;; host functions proxy-runtime 0.1.8 cannot reach.
;;
;; _initialize           writes "hello from _initialize" to stdout (fd_write) and logs
;;                       "environ count N", "args count N", "random_get status N", "clock ns N"
;; on_vm_start           logs "vm config: <buffer 6>"
;; on_configure          logs "plugin config: <buffer 7>", "log level N" (proxy_get_log_level), sets a
;;                       500 ms tick
;; on_request_headers    header `x-request-header-bytes` (proxy_get_header_map_size),
;;                       `x-rust-path` (property "request\0path"), `x-custom` (property
;;                       "custom\0value"), then by request header:
;;   x-grpc              unary call (upstream "grpc_backend", echo.Echo/Say, metadata x-md: 1,
;;                       message "ping", timeout 1000) and pauses until on_grpc_close resumes it;
;;                       the reply message becomes request header `x-grpc-reply`
;;   x-grpc-stream       opens a stream, sends "one" and "two" (end_stream) and closes it
;;   x-grpc-cancel       starts a unary call and cancels it at once
;;                       every gRPC status is logged "<function> status N" and ids "grpc id N"
;; on_request_body       logs "request body size N" (proxy_get_buffer_status); buffers until
;;                       end_of_stream, then wraps the body as "<<" body ">>" (proxy_set_buffer_bytes)
;; on_response_headers   replaces all response headers with `:status: 200`, `x-replaced: by-wat`
;;                       (proxy_set_header_map_pairs); header `x-foreign` = foreign function
;;                       "reverse" on "abc" (or the status)
;; on_response_body      at end_of_stream replaces the whole body with "replaced by wat"
;; on_tick               logs "proxy_done status N" and "resolve_shared_queue status N"
;; on_foreign_function   logs "foreign function N: <buffer 8>"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_get_log_level" (func $proxy_get_log_level (param i32) (result i32)))
  (import "env" "proxy_get_buffer_bytes" (func $proxy_get_buffer_bytes (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_set_buffer_bytes" (func $proxy_set_buffer_bytes (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_buffer_status" (func $proxy_get_buffer_status (param i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $proxy_add_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_header_map_value" (func $proxy_get_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_header_map_size" (func $proxy_get_header_map_size (param i32 i32) (result i32)))
  (import "env" "proxy_set_header_map_pairs" (func $proxy_set_header_map_pairs (param i32 i32 i32) (result i32)))
  (import "env" "proxy_get_property" (func $proxy_get_property (param i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_set_tick_period_milliseconds" (func $proxy_set_tick_period_milliseconds (param i32) (result i32)))
  (import "env" "proxy_set_effective_context" (func $proxy_set_effective_context (param i32) (result i32)))
  (import "env" "proxy_continue_stream" (func $proxy_continue_stream (param i32) (result i32)))
  (import "env" "proxy_grpc_call" (func $proxy_grpc_call (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_grpc_stream" (func $proxy_grpc_stream (param i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_grpc_send" (func $proxy_grpc_send (param i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_grpc_close" (func $proxy_grpc_close (param i32) (result i32)))
  (import "env" "proxy_grpc_cancel" (func $proxy_grpc_cancel (param i32) (result i32)))
  (import "env" "proxy_call_foreign_function" (func $proxy_call_foreign_function (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_done" (func $proxy_done (result i32)))
  (import "env" "proxy_resolve_shared_queue" (func $proxy_resolve_shared_queue (param i32 i32 i32 i32 i32) (result i32)))

  ;; @include _runtime.wat

  ;; @string hello "hello from _initialize\n"
  ;; @string environ_count "environ count "
  ;; @string args_count "args count "
  ;; @string random_status "random_get status "
  ;; @string clock_ns "clock ns "
  ;; @string vm_config "vm config: "
  ;; @string plugin_config "plugin config: "
  ;; @string log_level "log level "
  ;; @string h_header_bytes "x-request-header-bytes"
  ;; @string p_rust_path "request\00path"
  ;; @string h_rust_path "x-rust-path"
  ;; @string p_custom "custom\00value"
  ;; @string h_custom "x-custom"
  ;; @string h_grpc "x-grpc"
  ;; @string h_grpc_stream "x-grpc-stream"
  ;; @string h_grpc_cancel "x-grpc-cancel"
  ;; @string h_grpc_reply "x-grpc-reply"
  ;; @string grpc_upstream "grpc_backend"
  ;; @string grpc_service "echo.Echo"
  ;; @string grpc_method "Say"
  ;; @string grpc_metadata "\01\00\00\00\04\00\00\00\01\00\00\00x-md\001\00"
  ;; @string ping "ping"
  ;; @string one "one"
  ;; @string two "two"
  ;; @string grpc_call_status "grpc_call status "
  ;; @string grpc_stream_status "grpc_stream status "
  ;; @string grpc_send_status "grpc_send status "
  ;; @string grpc_close_status "grpc_close status "
  ;; @string grpc_cancel_status "grpc_cancel status "
  ;; @string grpc_id "grpc id "
  ;; @string grpc_metadata_count "grpc initial metadata "
  ;; @string grpc_trailing_count "grpc trailing metadata "
  ;; @string grpc_message "grpc message: "
  ;; @string grpc_closed "grpc closed with "
  ;; @string body_size "request body size "
  ;; @string open "<<"
  ;; @string close ">>"
  ;; @string response_pairs "\02\00\00\00\07\00\00\00\03\00\00\00\0a\00\00\00\06\00\00\00:status\00200\00x-replaced\00by-wat\00"
  ;; @string reverse "reverse"
  ;; @string abc "abc"
  ;; @string h_foreign "x-foreign"
  ;; @string replaced "replaced by wat"
  ;; @string done_status "proxy_done status "
  ;; @string resolve_status "resolve_shared_queue status "
  ;; @string vm_id "other_vm"
  ;; @string queue "jobs"
  ;; @string foreign_called "foreign function "
  ;; @string colon ": "
  ;; @strings

  (global $grpc_stream_ctx (mut i32) (i32.const 0))

  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (call $alloc (local.get $size)))

  (func (export "_initialize")
    ;; iovec {ptr, len} at 40
    (i32.store (i32.const 40) (i32.const @hello))
    (i32.store (i32.const 44) (i32.const #hello))
    (drop (call $fd_write (i32.const 1) (i32.const 40) (i32.const 1) (i32.const 24)))
    (drop (call $environ_sizes_get (i32.const 24) (i32.const 28)))
    (call $log_num (i32.const @environ_count) (i32.const #environ_count) (i64.extend_i32_u (i32.load (i32.const 24))))
    (drop (call $args_sizes_get (i32.const 24) (i32.const 28)))
    (call $log_num (i32.const @args_count) (i32.const #args_count) (i64.extend_i32_u (i32.load (i32.const 24))))
    (call $log_num (i32.const @random_status) (i32.const #random_status)
      (i64.extend_i32_u (call $random_get (i32.const 48) (i32.const 16))))
    (drop (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 32)))
    (call $log_num (i32.const @clock_ns) (i32.const #clock_ns) (i64.load (i32.const 32))))

  ;; Copies buffer `type` into guest memory and logs it after `prefix`.
  (func $log_buffer (param $type i32) (param $size i32) (param $prefix i32) (param $plen i32)
    (i32.store (i32.const 16) (i32.const 0))
    (i32.store (i32.const 20) (i32.const 0))
    (drop (call $proxy_get_buffer_bytes (local.get $type) (i32.const 0) (local.get $size) (i32.const 16) (i32.const 20)))
    (call $log_bytes (local.get $prefix) (local.get $plen) (i32.load (i32.const 16)) (i32.load (i32.const 20))))

  (func (export "proxy_on_vm_start") (param $root i32) (param $size i32) (result i32)
    (call $log_buffer (i32.const 6) (local.get $size) (i32.const @vm_config) (i32.const #vm_config))
    (i32.const 1))

  (func (export "proxy_on_configure") (param $root i32) (param $size i32) (result i32)
    (call $log_buffer (i32.const 7) (local.get $size) (i32.const @plugin_config) (i32.const #plugin_config))
    (drop (call $proxy_get_log_level (i32.const 24)))
    (call $log_num (i32.const @log_level) (i32.const #log_level) (i64.extend_i32_u (i32.load (i32.const 24))))
    (drop (call $proxy_set_tick_period_milliseconds (i32.const 500)))
    (i32.const 1))

  (func (export "proxy_on_context_create") (param $ctx i32) (param $parent i32))

  (func $has_request_header (param $key i32) (param $len i32) (result i32)
    (i32.eqz (call $proxy_get_header_map_value (i32.const 0) (local.get $key) (local.get $len) (i32.const 16) (i32.const 20))))

  ;; Copies property `path` into request header `key` (nothing when the property is missing).
  (func $property_to_header (param $path i32) (param $plen i32) (param $key i32) (param $klen i32)
    (if (i32.eqz (call $proxy_get_property (local.get $path) (local.get $plen) (i32.const 16) (i32.const 20)))
      (then
        (drop (call $proxy_add_header_map_value (i32.const 0) (local.get $key) (local.get $klen)
          (i32.load (i32.const 16)) (i32.load (i32.const 20)))))))

  (func (export "proxy_on_request_headers") (param $ctx i32) (param $count i32) (param $eos i32) (result i32)
    (local $status i32) (local $id i32)
    (drop (call $proxy_get_header_map_size (i32.const 0) (i32.const 24)))
    (call $add_header_num (i32.const 0) (i32.const @h_header_bytes) (i32.const #h_header_bytes)
      (i64.extend_i32_u (i32.load (i32.const 24))))
    (call $property_to_header (i32.const @p_rust_path) (i32.const #p_rust_path) (i32.const @h_rust_path) (i32.const #h_rust_path))
    (call $property_to_header (i32.const @p_custom) (i32.const #p_custom) (i32.const @h_custom) (i32.const #h_custom))

    (if (call $has_request_header (i32.const @h_grpc) (i32.const #h_grpc))
      (then
        (local.set $status (call $proxy_grpc_call
          (i32.const @grpc_upstream) (i32.const #grpc_upstream)
          (i32.const @grpc_service) (i32.const #grpc_service)
          (i32.const @grpc_method) (i32.const #grpc_method)
          (i32.const @grpc_metadata) (i32.const #grpc_metadata)
          (i32.const @ping) (i32.const #ping)
          (i32.const 1000) (i32.const 24)))
        (call $log_num (i32.const @grpc_call_status) (i32.const #grpc_call_status) (i64.extend_i32_u (local.get $status)))
        (call $log_num (i32.const @grpc_id) (i32.const #grpc_id) (i64.extend_i32_u (i32.load (i32.const 24))))
        (global.set $grpc_stream_ctx (local.get $ctx))
        (return (i32.const 1))))

    (if (call $has_request_header (i32.const @h_grpc_stream) (i32.const #h_grpc_stream))
      (then
        (local.set $status (call $proxy_grpc_stream
          (i32.const @grpc_upstream) (i32.const #grpc_upstream)
          (i32.const @grpc_service) (i32.const #grpc_service)
          (i32.const @grpc_method) (i32.const #grpc_method)
          (i32.const @grpc_metadata) (i32.const #grpc_metadata)
          (i32.const 24)))
        (local.set $id (i32.load (i32.const 24)))
        (call $log_num (i32.const @grpc_stream_status) (i32.const #grpc_stream_status) (i64.extend_i32_u (local.get $status)))
        (call $log_num (i32.const @grpc_id) (i32.const #grpc_id) (i64.extend_i32_u (local.get $id)))
        (call $log_num (i32.const @grpc_send_status) (i32.const #grpc_send_status)
          (i64.extend_i32_u (call $proxy_grpc_send (local.get $id) (i32.const @one) (i32.const #one) (i32.const 0))))
        (call $log_num (i32.const @grpc_send_status) (i32.const #grpc_send_status)
          (i64.extend_i32_u (call $proxy_grpc_send (local.get $id) (i32.const @two) (i32.const #two) (i32.const 1))))
        (call $log_num (i32.const @grpc_close_status) (i32.const #grpc_close_status)
          (i64.extend_i32_u (call $proxy_grpc_close (local.get $id))))))

    (if (call $has_request_header (i32.const @h_grpc_cancel) (i32.const #h_grpc_cancel))
      (then
        (local.set $status (call $proxy_grpc_call
          (i32.const @grpc_upstream) (i32.const #grpc_upstream)
          (i32.const @grpc_service) (i32.const #grpc_service)
          (i32.const @grpc_method) (i32.const #grpc_method)
          (i32.const @grpc_metadata) (i32.const #grpc_metadata)
          (i32.const @ping) (i32.const #ping)
          (i32.const 1000) (i32.const 24)))
        (local.set $id (i32.load (i32.const 24)))
        (call $log_num (i32.const @grpc_call_status) (i32.const #grpc_call_status) (i64.extend_i32_u (local.get $status)))
        (call $log_num (i32.const @grpc_id) (i32.const #grpc_id) (i64.extend_i32_u (local.get $id)))
        (call $log_num (i32.const @grpc_cancel_status) (i32.const #grpc_cancel_status)
          (i64.extend_i32_u (call $proxy_grpc_cancel (local.get $id))))))
    (i32.const 0))

  (func (export "proxy_on_grpc_receive_initial_metadata") (param $root i32) (param $id i32) (param $count i32)
    (call $log_num (i32.const @grpc_metadata_count) (i32.const #grpc_metadata_count) (i64.extend_i32_u (local.get $count))))

  (func (export "proxy_on_grpc_receive") (param $root i32) (param $id i32) (param $size i32)
    (i32.store (i32.const 16) (i32.const 0))
    (i32.store (i32.const 20) (i32.const 0))
    (drop (call $proxy_get_buffer_bytes (i32.const 5) (i32.const 0) (local.get $size) (i32.const 16) (i32.const 20)))
    (call $log_bytes (i32.const @grpc_message) (i32.const #grpc_message) (i32.load (i32.const 16)) (i32.load (i32.const 20)))
    (if (global.get $grpc_stream_ctx)
      (then
        (drop (call $proxy_set_effective_context (global.get $grpc_stream_ctx)))
        (drop (call $proxy_add_header_map_value (i32.const 0) (i32.const @h_grpc_reply) (i32.const #h_grpc_reply)
          (i32.load (i32.const 16)) (i32.load (i32.const 20)))))))

  (func (export "proxy_on_grpc_receive_trailing_metadata") (param $root i32) (param $id i32) (param $count i32)
    (call $log_num (i32.const @grpc_trailing_count) (i32.const #grpc_trailing_count) (i64.extend_i32_u (local.get $count))))

  (func (export "proxy_on_grpc_close") (param $root i32) (param $id i32) (param $status i32)
    (call $log_num (i32.const @grpc_closed) (i32.const #grpc_closed) (i64.extend_i32_u (local.get $status)))
    (if (global.get $grpc_stream_ctx)
      (then
        (drop (call $proxy_set_effective_context (global.get $grpc_stream_ctx)))
        (drop (call $proxy_continue_stream (i32.const 0)))
        (global.set $grpc_stream_ctx (i32.const 0)))))

  (func (export "proxy_on_request_body") (param $ctx i32) (param $size i32) (param $eos i32) (result i32)
    (drop (call $proxy_get_buffer_status (i32.const 0) (i32.const 24) (i32.const 28)))
    (call $log_num (i32.const @body_size) (i32.const #body_size) (i64.extend_i32_u (i32.load (i32.const 24))))
    (if (i32.eqz (local.get $eos)) (then (return (i32.const 1))))
    ;; prepend (start 0, size 0), then append (start past the end)
    (drop (call $proxy_set_buffer_bytes (i32.const 0) (i32.const 0) (i32.const 0) (i32.const @open) (i32.const #open)))
    (drop (call $proxy_set_buffer_bytes (i32.const 0) (i32.const 0x7fffffff) (i32.const 0) (i32.const @close) (i32.const #close)))
    (i32.const 0))

  (func (export "proxy_on_response_headers") (param $ctx i32) (param $count i32) (param $eos i32) (result i32)
    (drop (call $proxy_set_header_map_pairs (i32.const 2) (i32.const @response_pairs) (i32.const #response_pairs)))
    (i32.store (i32.const 16) (i32.const 0))
    (i32.store (i32.const 20) (i32.const 0))
    (local.set $count (call $proxy_call_foreign_function (i32.const @reverse) (i32.const #reverse)
      (i32.const @abc) (i32.const #abc) (i32.const 16) (i32.const 20)))
    (if (i32.eqz (local.get $count))
      (then
        (drop (call $proxy_add_header_map_value (i32.const 2) (i32.const @h_foreign) (i32.const #h_foreign)
          (i32.load (i32.const 16)) (i32.load (i32.const 20)))))
      (else
        (call $add_header_num (i32.const 2) (i32.const @h_foreign) (i32.const #h_foreign) (i64.extend_i32_u (local.get $count)))))
    (i32.const 0))

  (func (export "proxy_on_response_body") (param $ctx i32) (param $size i32) (param $eos i32) (result i32)
    (if (i32.eqz (local.get $eos)) (then (return (i32.const 1))))
    (drop (call $proxy_set_buffer_bytes (i32.const 1) (i32.const 0) (local.get $size) (i32.const @replaced) (i32.const #replaced)))
    (i32.const 0))

  (func (export "proxy_on_tick") (param $root i32)
    (call $log_num (i32.const @done_status) (i32.const #done_status) (i64.extend_i32_u (call $proxy_done)))
    (call $log_num (i32.const @resolve_status) (i32.const #resolve_status)
      (i64.extend_i32_u (call $proxy_resolve_shared_queue (i32.const @vm_id) (i32.const #vm_id)
        (i32.const @queue) (i32.const #queue) (i32.const 24)))))

  (func (export "proxy_on_foreign_function") (param $root i32) (param $id i32) (param $size i32)
    (i32.store (i32.const 16) (i32.const 0))
    (i32.store (i32.const 20) (i32.const 0))
    (drop (call $proxy_get_buffer_bytes (i32.const 8) (i32.const 0) (local.get $size) (i32.const 16) (i32.const 20)))
    (call $buf_reset)
    (call $buf_add (i32.const @foreign_called) (i32.const #foreign_called))
    (call $buf_num (i64.extend_i32_u (local.get $id)))
    (call $buf_add (i32.const @colon) (i32.const #colon))
    (call $buf_add (i32.load (i32.const 16)) (i32.load (i32.const 20)))
    (call $buf_log (i32.const 2)))

  (func (export "proxy_on_done") (param $ctx i32) (result i32) (i32.const 1))
  (func (export "proxy_on_log") (param $ctx i32))
  (func (export "proxy_on_delete") (param $ctx i32))
)
