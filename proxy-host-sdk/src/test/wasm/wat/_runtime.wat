  ;; Shared guest runtime of the hand-written test modules (included after the imports).
  ;; Needs the imports $proxy_log and $proxy_add_header_map_value.
  ;; Memory map: 16..39 out-slots for host calls (16 data pointer, 20 size, 24 u32, 28 u32,
  ;; 32 u64), 1024.. constant strings, 60000.. digit scratch, 61000..65535 a text buffer,
  ;; 65536.. the heap of a bump allocator that grows memory on demand (never frees, like a test
  ;; double of an SDK allocator).
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 65536))
  (global $buf_len (mut i32) (i32.const 0))

  (func $alloc (param $size i32) (result i32)
    (local $ptr i32) (local $end i32) (local $have i32)
    (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (local.set $have (i32.mul (memory.size) (i32.const 65536)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (local.get $have)) (i32.const 16)) (i32.const 1)))
              (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $heap (local.get $end))
    (local.get $ptr))

  ;; Writes the unsigned decimal form of $v at $dst; returns its length.
  (func $itoa (param $v i64) (param $dst i32) (result i32)
    (local $n i32) (local $i i32)
    (if (i64.eqz (local.get $v))
      (then (i32.store8 (local.get $dst) (i32.const 48)) (return (i32.const 1))))
    (block $done
      (loop $digits
        (br_if $done (i64.eqz (local.get $v)))
        (i32.store8 (i32.add (i32.const 60000) (local.get $n))
          (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
        (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $digits)))
    (block $end
      (loop $copy
        (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $dst) (local.get $i))
          (i32.load8_u (i32.add (i32.const 60000) (i32.sub (i32.sub (local.get $n) (local.get $i)) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (local.get $n))

  ;; A text buffer at 61000 for building log lines and header values.
  (func $buf_reset (global.set $buf_len (i32.const 0)))
  (func $buf_add (param $ptr i32) (param $len i32)
    (call $copy (i32.add (i32.const 61000) (global.get $buf_len)) (local.get $ptr) (local.get $len))
    (global.set $buf_len (i32.add (global.get $buf_len) (local.get $len))))

  ;; Byte loop instead of memory.copy: the modules stay MVP-only, like asc 0.17 output.
  (func $copy (param $dst i32) (param $src i32) (param $len i32)
    (local $i i32)
    (block $end
      (loop $next
        (br_if $end (i32.ge_u (local.get $i) (local.get $len)))
        (i32.store8 (i32.add (local.get $dst) (local.get $i)) (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  (func $buf_num (param $v i64)
    (global.set $buf_len
      (i32.add (global.get $buf_len) (call $itoa (local.get $v) (i32.add (i32.const 61000) (global.get $buf_len))))))
  (func $buf_log (param $level i32)
    (drop (call $proxy_log (local.get $level) (i32.const 61000) (global.get $buf_len))))

  ;; INFO log "<text>".
  (func $log (param $ptr i32) (param $len i32)
    (drop (call $proxy_log (i32.const 2) (local.get $ptr) (local.get $len))))
  ;; INFO log "<prefix><decimal v>".
  (func $log_num (param $ptr i32) (param $len i32) (param $v i64)
    (call $buf_reset)
    (call $buf_add (local.get $ptr) (local.get $len))
    (call $buf_num (local.get $v))
    (call $buf_log (i32.const 2)))
  ;; INFO log "<prefix><bytes>".
  (func $log_bytes (param $ptr i32) (param $len i32) (param $data i32) (param $size i32)
    (call $buf_reset)
    (call $buf_add (local.get $ptr) (local.get $len))
    (call $buf_add (local.get $data) (local.get $size))
    (call $buf_log (i32.const 2)))
  ;; Adds header key = decimal v to a map.
  (func $add_header_num (param $map i32) (param $key i32) (param $klen i32) (param $v i64)
    (call $buf_reset)
    (call $buf_num (local.get $v))
    (drop (call $proxy_add_header_map_value (local.get $map) (local.get $key) (local.get $klen)
      (i32.const 61000) (global.get $buf_len))))
