;; A hostile filter shaped like C++ SDK (Emscripten) output with WASI: ABI 0.2.1, allocator
;; `proxy_on_memory_allocate`, a WASI reactor (`_initialize`). The plugin configuration's first
;; byte picks the attack, run in proxy_on_request_headers:
;;   W  one fd_write to stderr of 8,000 iovecs that all point at the same 64 KiB (500 MB joined);
;;      logs the nwritten the host answered
;;   G  memory.grow by 16 pages until it answers -1; logs the pages it reached
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $proxy_add_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_buffer_bytes" (func $proxy_get_buffer_bytes (param i32 i32 i32 i32 i32) (result i32)))

  ;; @include _runtime.wat

  ;; @string nwritten "fd_write nwritten "
  ;; @string errno " errno "
  ;; @string refused_at "memory.grow answered -1 at pages "
  ;; @strings

  (global $mode (mut i32) (i32.const 0))

  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32) (call $alloc (local.get $size)))
  (func (export "_initialize"))
  (func (export "proxy_on_context_create") (param $ctx i32) (param $parent i32))
  (func (export "proxy_on_vm_start") (param $root i32) (param $size i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param $root i32) (param $size i32) (result i32)
    (if (i32.eqz (call $proxy_get_buffer_bytes (i32.const 7) (i32.const 0) (local.get $size) (i32.const 16) (i32.const 20)))
      (then (if (i32.gt_u (i32.load (i32.const 20)) (i32.const 0))
        (then (global.set $mode (i32.load8_u (i32.load (i32.const 16))))))))
    (i32.const 1))

  (func $write
    (local $data i32) (local $iovs i32) (local $i i32) (local $err i32)
    (local.set $data (call $alloc (i32.const 65536)))
    (local.set $iovs (call $alloc (i32.const 64000)))
    (block $out (loop $next
      (br_if $out (i32.ge_u (local.get $i) (i32.const 8000)))
      (i32.store (i32.add (local.get $iovs) (i32.mul (local.get $i) (i32.const 8))) (local.get $data))
      (i32.store (i32.add (local.get $iovs) (i32.add (i32.mul (local.get $i) (i32.const 8)) (i32.const 4))) (i32.const 65536))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.set $err (call $fd_write (i32.const 2) (local.get $iovs) (i32.const 8000) (i32.const 24)))
    (call $buf_reset)
    (call $buf_add (i32.const @nwritten) (i32.const #nwritten))
    (call $buf_num (i64.extend_i32_u (i32.load (i32.const 24))))
    (call $buf_add (i32.const @errno) (i32.const #errno))
    (call $buf_num (i64.extend_i32_u (local.get $err)))
    (call $buf_log (i32.const 2)))

  (func $grow
    (block $out (loop $next
      (br_if $out (i32.eq (memory.grow (i32.const 16)) (i32.const -1)))
      (br $next)))
    (call $log_num (i32.const @refused_at) (i32.const #refused_at) (i64.extend_i32_u (memory.size))))

  (func (export "proxy_on_request_headers") (param $ctx i32) (param $count i32) (param $eos i32) (result i32)
    (if (i32.eq (global.get $mode) (i32.const 87 (; W ;))) (then (call $write)))
    (if (i32.eq (global.get $mode) (i32.const 71 (; G ;))) (then (call $grow)))
    (i32.const 0))
  (func (export "proxy_on_done") (param $ctx i32) (result i32) (i32.const 1))
  (func (export "proxy_on_log") (param $ctx i32))
  (func (export "proxy_on_delete") (param $ctx i32))
)
