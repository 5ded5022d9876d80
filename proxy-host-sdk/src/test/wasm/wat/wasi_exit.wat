;; A module that calls WASI proc_exit(3) from proxy_on_request_headers when the request has the
;; header `x-exit` (like a Go or Rust filter that calls os.Exit / std::process::exit); otherwise it
;; adds `x-ok: yes`.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $proxy_add_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_header_map_value" (func $proxy_get_header_map_value (param i32 i32 i32 i32 i32) (result i32)))

  ;; @include _runtime.wat

  ;; @string h_exit "x-exit"
  ;; @string exiting "exiting with code 3"
  ;; @string h_ok "x-ok"
  ;; @string yes "yes"
  ;; @strings

  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32) (call $alloc (local.get $size)))
  (func (export "proxy_on_context_create") (param $ctx i32) (param $parent i32))
  (func (export "proxy_on_request_headers") (param $ctx i32) (param $count i32) (param $eos i32) (result i32)
    (if (i32.eqz (call $proxy_get_header_map_value (i32.const 0) (i32.const @h_exit) (i32.const #h_exit) (i32.const 16) (i32.const 20)))
      (then
        (drop (call $proxy_log (i32.const 5) (i32.const @exiting) (i32.const #exiting)))
        (call $proc_exit (i32.const 3))))
    (drop (call $proxy_add_header_map_value (i32.const 0) (i32.const @h_ok) (i32.const #h_ok) (i32.const @yes) (i32.const #yes)))
    (i32.const 0))
)
