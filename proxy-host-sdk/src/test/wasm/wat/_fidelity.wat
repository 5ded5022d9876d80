  ;; Shared body of fidelity_rust.wat and fidelity_cpp.wat: local replies and filter statuses.
  ;; Needs the imports $proxy_log, $proxy_add_header_map_value, $proxy_get_header_map_value and
  ;; $proxy_send_local_response. One stream at a time (the mode is a global). Request header
  ;; `x-mode`, by its first letter:
  ;;   r  replies 401 "denied", details "access denied", header `x-reason: auth`, no gRPC status,
  ;;      and returns Continue (cpp-host turns it into a stop)
  ;;   t  the same, then a second reply (500 "second") from its own response headers
  ;;   g  replies 403 "not allowed" with gRPC status 5 (NOT_FOUND)
  ;;   b  request headers return StopAllIterationAndBuffer (never continues)
  ;;   c  request headers return ContinueAndEndStream
  ;; Every response gets `x-filter: wat`; response bodies are logged "response body size N".

  ;; @string h_mode "x-mode"
  ;; @string h_filter "x-filter"
  ;; @string v_wat "wat"
  ;; @string d_denied "access denied"
  ;; @string b_denied "denied"
  ;; @string pairs_reason "\01\00\00\00\08\00\00\00\04\00\00\00x-reason\00auth\00"
  ;; @string d_grpc "not allowed"
  ;; @string d_second "second reply"
  ;; @string b_second "second"
  ;; @string l_body "response body size "

  (global $mode (mut i32) (i32.const 0))
  (global $replies (mut i32) (i32.const 0))

  (func $reply_401
    (drop (call $proxy_send_local_response (i32.const 401)
      (i32.const @d_denied) (i32.const #d_denied) (i32.const @b_denied) (i32.const #b_denied)
      (i32.const @pairs_reason) (i32.const #pairs_reason) (i32.const -1))))

  (func (export "proxy_on_vm_start") (param $root i32) (param $size i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param $root i32) (param $size i32) (result i32) (i32.const 1))
  (func (export "proxy_on_context_create") (param $ctx i32) (param $parent i32))

  (func (export "proxy_on_request_headers") (param $ctx i32) (param $count i32) (param $eos i32) (result i32)
    (global.set $mode (i32.const 0))
    (global.set $replies (i32.const 0))
    (if (i32.eqz (call $proxy_get_header_map_value (i32.const 0) (i32.const @h_mode) (i32.const #h_mode) (i32.const 16) (i32.const 20)))
      (then
        (if (i32.gt_u (i32.load (i32.const 20)) (i32.const 0))
          (then (global.set $mode (i32.load8_u (i32.load (i32.const 16))))))))
    (if (i32.or (i32.eq (global.get $mode) (i32.const 114)) (i32.eq (global.get $mode) (i32.const 116)))
      (then (call $reply_401) (return (i32.const 0))))
    (if (i32.eq (global.get $mode) (i32.const 103))
      (then
        (drop (call $proxy_send_local_response (i32.const 403)
          (i32.const @d_grpc) (i32.const #d_grpc) (i32.const @d_grpc) (i32.const #d_grpc)
          (i32.const 0) (i32.const 0) (i32.const 5)))
        (return (i32.const 1))))
    (if (i32.eq (global.get $mode) (i32.const 98)) (then (return (i32.const 3))))
    (if (i32.eq (global.get $mode) (i32.const 99)) (then (return (i32.const 2))))
    (i32.const 0))

  (func (export "proxy_on_request_body") (param $ctx i32) (param $size i32) (param $eos i32) (result i32)
    (i32.const 0))

  (func (export "proxy_on_response_headers") (param $ctx i32) (param $count i32) (param $eos i32) (result i32)
    (drop (call $proxy_add_header_map_value (i32.const 2)
      (i32.const @h_filter) (i32.const #h_filter) (i32.const @v_wat) (i32.const #v_wat)))
    (if (i32.and (i32.eq (global.get $mode) (i32.const 116)) (i32.eqz (global.get $replies)))
      (then
        (global.set $replies (i32.const 1))
        (drop (call $proxy_send_local_response (i32.const 500)
          (i32.const @d_second) (i32.const #d_second) (i32.const @b_second) (i32.const #b_second)
          (i32.const 0) (i32.const 0) (i32.const -1)))))
    (i32.const 0))

  (func (export "proxy_on_response_body") (param $ctx i32) (param $size i32) (param $eos i32) (result i32)
    (call $log_num (i32.const @l_body) (i32.const #l_body) (i64.extend_i32_u (local.get $size)))
    (i32.const 0))

  (func (export "proxy_on_done") (param $ctx i32) (result i32) (i32.const 1))
  (func (export "proxy_on_log") (param $ctx i32))
  (func (export "proxy_on_delete") (param $ctx i32))
