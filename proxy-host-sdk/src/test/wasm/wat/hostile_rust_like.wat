;; A hostile filter shaped like Rust SDK output (ABI 0.2.1, allocator `malloc`, a reactor with
;; `_initialize`, no WASI): it tries to make the host hold more and more. The plugin
;; configuration's first byte picks the attack, run in proxy_on_request_headers (body attacks in
;; proxy_on_request_body); each loop stops at the first non-OK status and logs how far it got.
;;   D  100,000 shared data keys of 60,000 bytes      K  1,000,000 shared data keys of 8 bytes
;;   M  1,000,000 metrics with 4,000-byte names       N  1,000,000 metrics with short names
;;   Q  1,000,000 shared queues                       I  1,000,000 queue items of 60,000 bytes
;;   H  100,000 request headers of 60,000 bytes       h  1,000,000 small request headers
;;   C  100,000 never-answered proxy_http_call        S  a local response with status 0xFFFFFFFF
;;   F  a queue it feeds from its own proxy_on_queue_ready, for ever
;;   G  memory.grow by 64 pages until it answers -1   L  1,000 error logs of 4 MiB
;;   B  proxy_set_buffer_bytes appending 1 MiB to the request body 1,000 times
;;   b  buffers the request body for ever (StopIterationAndBuffer from every body callback)
;;   P  1,000,000 stream properties of 60,000 bytes
(module
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $proxy_add_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_buffer_bytes" (func $proxy_get_buffer_bytes (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_set_buffer_bytes" (func $proxy_set_buffer_bytes (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_set_shared_data" (func $proxy_set_shared_data (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_define_metric" (func $proxy_define_metric (param i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_register_shared_queue" (func $proxy_register_shared_queue (param i32 i32 i32) (result i32)))
  (import "env" "proxy_enqueue_shared_queue" (func $proxy_enqueue_shared_queue (param i32 i32 i32) (result i32)))
  (import "env" "proxy_dequeue_shared_queue" (func $proxy_dequeue_shared_queue (param i32 i32 i32) (result i32)))
  (import "env" "proxy_http_call" (func $proxy_http_call (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_set_property" (func $proxy_set_property (param i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_send_local_response" (func $proxy_send_local_response (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))

  ;; @include _runtime.wat

  ;; @string k "k"
  ;; @string q "q"
  ;; @string h "h"
  ;; @string v "v"
  ;; @string self "self"
  ;; @string p "p"
  ;; @string upstream "upstream"
  ;; @string call_headers "\03\00\00\00\07\00\00\00\03\00\00\00\05\00\00\00\01\00\00\00\0a\00\00\00\07\00\00\00:method\00GET\00:path\00/\00:authority\00example\00"
  ;; @string stopped "stopped after "
  ;; @string status_is " with status "
  ;; @string refused_at "memory.grow answered -1 at pages "
  ;; @string accepted "callouts accepted "
  ;; @string refused " refused "
  ;; @string local_status "local response status answered "
  ;; @string fed "queue fed "
  ;; @strings

  (global $mode (mut i32) (i32.const 0))
  (global $queue (mut i32) (i32.const 0))
  (global $fed (mut i64) (i64.const 0))

  (func (export "proxy_abi_version_0_2_1"))
  (func (export "malloc") (param $size i32) (result i32) (call $alloc (local.get $size)))
  (func (export "_initialize"))
  (func (export "proxy_on_context_create") (param $ctx i32) (param $parent i32))
  (func (export "proxy_on_vm_start") (param $root i32) (param $size i32) (result i32) (i32.const 1))

  (func (export "proxy_on_configure") (param $root i32) (param $size i32) (result i32)
    (if (i32.eqz (call $proxy_get_buffer_bytes (i32.const 7) (i32.const 0) (local.get $size) (i32.const 16) (i32.const 20)))
      (then (if (i32.gt_u (i32.load (i32.const 20)) (i32.const 0))
        (then (global.set $mode (i32.load8_u (i32.load (i32.const 16))))))))
    (if (i32.eq (global.get $mode) (i32.const 70 (; F ;)))
      (then (drop (call $proxy_register_shared_queue (i32.const @self) (i32.const #self) (i32.const 28)))
            (global.set $queue (i32.load (i32.const 28)))))
    (i32.const 1))

  ;; Logs "stopped after <i> with status <s>".
  (func $stopped (param $i i32) (param $s i32)
    (call $buf_reset)
    (call $buf_add (i32.const @stopped) (i32.const #stopped))
    (call $buf_num (i64.extend_i32_u (local.get $i)))
    (call $buf_add (i32.const @status_is) (i32.const #status_is))
    (call $buf_num (i64.extend_i32_u (local.get $s)))
    (call $buf_log (i32.const 2)))

  ;; The text buffer holds <prefix><i>, padded to $len bytes.
  (func $name (param $prefix i32) (param $i i32) (param $len i32)
    (call $buf_reset)
    (call $buf_add (local.get $prefix) (i32.const 1))
    (call $buf_num (i64.extend_i32_u (local.get $i)))
    (if (i32.gt_u (local.get $len) (global.get $buf_len)) (then (global.set $buf_len (local.get $len)))))

  (func $shared_data (param $n i32) (param $size i32)
    (local $i i32) (local $s i32) (local $val i32)
    (local.set $val (call $alloc (local.get $size)))
    (block $out (loop $next
      (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
      (call $name (i32.const @k) (local.get $i) (i32.const 0))
      (local.set $s (call $proxy_set_shared_data (i32.const 61000) (global.get $buf_len) (local.get $val) (local.get $size) (i32.const 0)))
      (br_if $out (local.get $s))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (call $stopped (local.get $i) (local.get $s)))

  (func $metrics (param $n i32) (param $len i32)
    (local $i i32) (local $s i32)
    (block $out (loop $next
      (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
      (call $name (i32.const @k) (local.get $i) (local.get $len))
      (local.set $s (call $proxy_define_metric (i32.const 0) (i32.const 61000) (global.get $buf_len) (i32.const 24)))
      (br_if $out (local.get $s))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (call $stopped (local.get $i) (local.get $s)))

  (func $queues
    (local $i i32) (local $s i32)
    (block $out (loop $next
      (br_if $out (i32.ge_u (local.get $i) (i32.const 1000000)))
      (call $name (i32.const @q) (local.get $i) (i32.const 0))
      (local.set $s (call $proxy_register_shared_queue (i32.const 61000) (global.get $buf_len) (i32.const 24)))
      (br_if $out (local.get $s))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (call $stopped (local.get $i) (local.get $s)))

  (func $properties
    (local $i i32) (local $s i32) (local $val i32)
    (local.set $val (call $alloc (i32.const 60000)))
    (block $out (loop $next
      (br_if $out (i32.ge_u (local.get $i) (i32.const 1000000)))
      (call $name (i32.const @p) (local.get $i) (i32.const 0))
      (local.set $s (call $proxy_set_property (i32.const 61000) (global.get $buf_len) (local.get $val) (i32.const 60000)))
      (br_if $out (local.get $s))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (call $stopped (local.get $i) (local.get $s)))

  (func $queue_items
    (local $i i32) (local $s i32) (local $val i32)
    (local.set $val (call $alloc (i32.const 60000)))
    (drop (call $proxy_register_shared_queue (i32.const @q) (i32.const #q) (i32.const 28)))
    (block $out (loop $next
      (br_if $out (i32.ge_u (local.get $i) (i32.const 1000000)))
      (local.set $s (call $proxy_enqueue_shared_queue (i32.load (i32.const 28)) (local.get $val) (i32.const 60000)))
      (br_if $out (local.get $s))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (call $stopped (local.get $i) (local.get $s)))

  (func $headers (param $n i32) (param $size i32)
    (local $i i32) (local $s i32) (local $val i32)
    (local.set $val (call $alloc (local.get $size)))
    (block $out (loop $next
      (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
      (call $name (i32.const @h) (local.get $i) (i32.const 0))
      (local.set $s (call $proxy_add_header_map_value (i32.const 0) (i32.const 61000) (global.get $buf_len) (local.get $val) (local.get $size)))
      (br_if $out (local.get $s))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (call $stopped (local.get $i) (local.get $s)))

  (func $callouts
    (local $i i32) (local $ok i32) (local $refused i32)
    (block $out (loop $next
      (br_if $out (i32.ge_u (local.get $i) (i32.const 100000)))
      (if (call $proxy_http_call (i32.const @upstream) (i32.const #upstream)
            (i32.const @call_headers) (i32.const #call_headers) (i32.const 0) (i32.const 0)
            (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 24))
        (then (local.set $refused (i32.add (local.get $refused) (i32.const 1))))
        (else (local.set $ok (i32.add (local.get $ok) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (call $buf_reset)
    (call $buf_add (i32.const @accepted) (i32.const #accepted))
    (call $buf_num (i64.extend_i32_u (local.get $ok)))
    (call $buf_add (i32.const @refused) (i32.const #refused))
    (call $buf_num (i64.extend_i32_u (local.get $refused)))
    (call $buf_log (i32.const 2)))

  (func $grow
    (local $pages i32)
    (block $out (loop $next
      (br_if $out (i32.eq (memory.grow (i32.const 64)) (i32.const -1)))
      (br $next)))
    (call $log_num (i32.const @refused_at) (i32.const #refused_at) (i64.extend_i32_u (memory.size))))

  (func $logs
    (local $i i32) (local $big i32)
    (local.set $big (call $alloc (i32.const 4194304)))
    (block $out (loop $next
      (br_if $out (i32.ge_u (local.get $i) (i32.const 1000)))
      (br_if $out (call $proxy_log (i32.const 4) (local.get $big) (i32.const 4194304)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (call $stopped (local.get $i) (i32.const 0)))

  (func (export "proxy_on_request_headers") (param $ctx i32) (param $count i32) (param $eos i32) (result i32)
    (local $m i32)
    (local.set $m (global.get $mode))
    (if (i32.eq (local.get $m) (i32.const 68 (; D ;))) (then (call $shared_data (i32.const 100000) (i32.const 60000))))
    (if (i32.eq (local.get $m) (i32.const 75 (; K ;))) (then (call $shared_data (i32.const 1000000) (i32.const 8))))
    (if (i32.eq (local.get $m) (i32.const 77 (; M ;))) (then (call $metrics (i32.const 1000000) (i32.const 4000))))
    (if (i32.eq (local.get $m) (i32.const 78 (; N ;))) (then (call $metrics (i32.const 1000000) (i32.const 0))))
    (if (i32.eq (local.get $m) (i32.const 81 (; Q ;))) (then (call $queues)))
    (if (i32.eq (local.get $m) (i32.const 73 (; I ;))) (then (call $queue_items)))
    (if (i32.eq (local.get $m) (i32.const 72 (; H ;))) (then (call $headers (i32.const 100000) (i32.const 60000))))
    (if (i32.eq (local.get $m) (i32.const 104 (; h ;))) (then (call $headers (i32.const 1000000) (i32.const 1))))
    (if (i32.eq (local.get $m) (i32.const 67 (; C ;))) (then (call $callouts)))
    (if (i32.eq (local.get $m) (i32.const 80 (; P ;))) (then (call $properties)))
    (if (i32.eq (local.get $m) (i32.const 71 (; G ;))) (then (call $grow)))
    (if (i32.eq (local.get $m) (i32.const 76 (; L ;))) (then (call $logs)))
    (if (i32.eq (local.get $m) (i32.const 83 (; S ;)))
      (then (call $log_num (i32.const @local_status) (i32.const #local_status)
        (i64.extend_i32_u (call $proxy_send_local_response (i32.const -1) (i32.const 0) (i32.const 0)
          (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const -1))))))
    (if (i32.eq (local.get $m) (i32.const 70 (; F ;)))
      (then (drop (call $proxy_enqueue_shared_queue (global.get $queue) (i32.const @v) (i32.const #v)))))
    (i32.const 0))

  (func (export "proxy_on_request_body") (param $ctx i32) (param $size i32) (param $eos i32) (result i32)
    (local $i i32) (local $s i32) (local $chunk i32)
    (if (i32.eq (global.get $mode) (i32.const 66 (; B ;)))
      (then
        (local.set $chunk (call $alloc (i32.const 1048576)))
        (block $out (loop $next
          (br_if $out (i32.ge_u (local.get $i) (i32.const 1000)))
          ;; start 0xFFFFFFFF: at or past the end, so the bytes are appended.
          (local.set $s (call $proxy_set_buffer_bytes (i32.const 0) (i32.const -1) (i32.const 0) (local.get $chunk) (i32.const 1048576)))
          (br_if $out (local.get $s))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        (call $stopped (local.get $i) (local.get $s))))
    (if (i32.eq (global.get $mode) (i32.const 98 (; b ;))) (then (return (i32.const 1))))
    (i32.const 0))

  ;; F: every item it takes out it puts back, so the queue never runs dry.
  (func (export "proxy_on_queue_ready") (param $root i32) (param $id i32)
    (drop (call $proxy_dequeue_shared_queue (local.get $id) (i32.const 16) (i32.const 20)))
    (global.set $fed (i64.add (global.get $fed) (i64.const 1)))
    (drop (call $proxy_enqueue_shared_queue (local.get $id) (i32.const @v) (i32.const #v))))

  (func (export "proxy_on_done") (param $ctx i32) (result i32)
    (if (i32.eq (global.get $mode) (i32.const 70 (; F ;)))
      (then (call $log_num (i32.const @fed) (i32.const #fed) (global.get $fed))))
    (i32.const 1))
  (func (export "proxy_on_log") (param $ctx i32))
  (func (export "proxy_on_delete") (param $ctx i32))
)
