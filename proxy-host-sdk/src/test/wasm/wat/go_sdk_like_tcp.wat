;; A network (TCP) filter shaped like the output of the Go SDK (TinyGo, wasi): ABI marker 0.2.0,
;; allocator proxy_on_memory_allocate, a WASI command entry (_start) importing from
;; wasi_snapshot_preview1, property paths as NUL-joined segments without a trailing NUL.
;;
;; _start                    writes "tcp filter started" to stderr (fd_write)
;; on_new_connection         counter `tcp_connections` +1, logs "new connection <ctx> from
;;                           <property source\0address>"
;; on_downstream_data        logs "downstream <size> eos <0|1>: <bytes>" and prepends "[wasm]";
;;                           data starting with "trap" hits `unreachable` (a Go panic)
;; on_upstream_data          logs "upstream <size> eos <0|1>: <bytes>" and appends "[/wasm]"; data
;;                           starting with "close" closes the downstream (proxy_close_stream(2))
;; on_*_connection_close     logs "downstream close <peer>" / "upstream close <peer>"
;; on_done / on_log / on_delete  log "tcp done <ctx>" / "tcp log <ctx>" / "tcp delete <ctx>"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_get_buffer_bytes" (func $proxy_get_buffer_bytes (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_set_buffer_bytes" (func $proxy_set_buffer_bytes (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $proxy_add_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_property" (func $proxy_get_property (param i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_define_metric" (func $proxy_define_metric (param i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_increment_metric" (func $proxy_increment_metric (param i32 i64) (result i32)))
  (import "env" "proxy_close_stream" (func $proxy_close_stream (param i32) (result i32)))

  ;; @include _runtime.wat

  ;; @string started "tcp filter started\n"
  ;; @string connections "tcp_connections"
  ;; @string new_connection "new connection "
  ;; @string from " from "
  ;; @string p_source "source\00address"
  ;; @string downstream "downstream "
  ;; @string upstream "upstream "
  ;; @string eos " eos "
  ;; @string colon ": "
  ;; @string wasm_open "[wasm]"
  ;; @string wasm_close "[/wasm]"
  ;; @string close_word "close"
  ;; @string downstream_close "downstream close "
  ;; @string upstream_close "upstream close "
  ;; @string tcp_done "tcp done "
  ;; @string tcp_log "tcp log "
  ;; @string tcp_delete "tcp delete "
  ;; @strings

  (global $counter (mut i32) (i32.const 0))

  (func (export "proxy_abi_version_0_2_0"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (call $alloc (local.get $size)))

  (func (export "_start")
    (i32.store (i32.const 40) (i32.const @started))
    (i32.store (i32.const 44) (i32.const #started))
    (drop (call $fd_write (i32.const 2) (i32.const 40) (i32.const 1) (i32.const 24))))

  (func (export "proxy_on_vm_start") (param $root i32) (param $size i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param $root i32) (param $size i32) (result i32)
    (drop (call $proxy_define_metric (i32.const 0) (i32.const @connections) (i32.const #connections) (i32.const 24)))
    (global.set $counter (i32.load (i32.const 24)))
    (i32.const 1))
  (func (export "proxy_on_context_create") (param $ctx i32) (param $parent i32))

  (func (export "proxy_on_new_connection") (param $ctx i32) (result i32)
    (drop (call $proxy_increment_metric (global.get $counter) (i64.const 1)))
    (call $buf_reset)
    (call $buf_add (i32.const @new_connection) (i32.const #new_connection))
    (call $buf_num (i64.extend_i32_u (local.get $ctx)))
    (call $buf_add (i32.const @from) (i32.const #from))
    (if (i32.eqz (call $proxy_get_property (i32.const @p_source) (i32.const #p_source) (i32.const 16) (i32.const 20)))
      (then (call $buf_add (i32.load (i32.const 16)) (i32.load (i32.const 20)))))
    (call $buf_log (i32.const 2))
    (i32.const 0))

  ;; Logs "<label><size> eos <eos>: <bytes of buffer type>"; leaves the data pointer at 16, size at 20.
  (func $log_data (param $type i32) (param $label i32) (param $llen i32) (param $size i32) (param $eos i32)
    (i32.store (i32.const 16) (i32.const 0))
    (i32.store (i32.const 20) (i32.const 0))
    (drop (call $proxy_get_buffer_bytes (local.get $type) (i32.const 0) (local.get $size) (i32.const 16) (i32.const 20)))
    (call $buf_reset)
    (call $buf_add (local.get $label) (local.get $llen))
    (call $buf_num (i64.extend_i32_u (local.get $size)))
    (call $buf_add (i32.const @eos) (i32.const #eos))
    (call $buf_num (i64.extend_i32_u (local.get $eos)))
    (call $buf_add (i32.const @colon) (i32.const #colon))
    (call $buf_add (i32.load (i32.const 16)) (i32.load (i32.const 20)))
    (call $buf_log (i32.const 2)))

  (func (export "proxy_on_downstream_data") (param $ctx i32) (param $size i32) (param $eos i32) (result i32)
    (call $log_data (i32.const 2) (i32.const @downstream) (i32.const #downstream) (local.get $size) (local.get $eos))
    ;; "trap" = 74 72 61 70
    (if (i32.and
          (i32.ge_u (i32.load (i32.const 20)) (i32.const 4))
          (i32.eq (i32.load (i32.load (i32.const 16))) (i32.const 0x70617274)))
      (then unreachable))
    (drop (call $proxy_set_buffer_bytes (i32.const 2) (i32.const 0) (i32.const 0) (i32.const @wasm_open) (i32.const #wasm_open)))
    (i32.const 0))

  (func (export "proxy_on_upstream_data") (param $ctx i32) (param $size i32) (param $eos i32) (result i32)
    (call $log_data (i32.const 3) (i32.const @upstream) (i32.const #upstream) (local.get $size) (local.get $eos))
    (drop (call $proxy_set_buffer_bytes (i32.const 3) (local.get $size) (i32.const 0) (i32.const @wasm_close) (i32.const #wasm_close)))
    ;; "close" = 63 6c 6f 73 65: compare the first four bytes and the fifth
    (if (i32.and
          (i32.ge_u (i32.load (i32.const 20)) (i32.const 5))
          (i32.and
            (i32.eq (i32.load (i32.load (i32.const 16))) (i32.const 0x736f6c63))
            (i32.eq (i32.load8_u (i32.add (i32.load (i32.const 16)) (i32.const 4))) (i32.const 0x65))))
      (then (drop (call $proxy_close_stream (i32.const 2)))))
    (i32.const 0))

  (func (export "proxy_on_downstream_connection_close") (param $ctx i32) (param $peer i32)
    (call $log_num (i32.const @downstream_close) (i32.const #downstream_close) (i64.extend_i32_u (local.get $peer))))
  (func (export "proxy_on_upstream_connection_close") (param $ctx i32) (param $peer i32)
    (call $log_num (i32.const @upstream_close) (i32.const #upstream_close) (i64.extend_i32_u (local.get $peer))))

  (func (export "proxy_on_done") (param $ctx i32) (result i32)
    (call $log_num (i32.const @tcp_done) (i32.const #tcp_done) (i64.extend_i32_u (local.get $ctx)))
    (i32.const 1))
  (func (export "proxy_on_log") (param $ctx i32)
    (call $log_num (i32.const @tcp_log) (i32.const #tcp_log) (i64.extend_i32_u (local.get $ctx))))
  (func (export "proxy_on_delete") (param $ctx i32)
    (call $log_num (i32.const @tcp_delete) (i32.const #tcp_delete) (i64.extend_i32_u (local.get $ctx))))
)
