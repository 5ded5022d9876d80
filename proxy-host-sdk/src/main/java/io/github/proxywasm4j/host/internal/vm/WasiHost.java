package io.github.proxywasm4j.host.internal.vm;

import static io.github.proxywasm4j.host.internal.vm.HostFn.IN_ALLOCATOR;
import static io.github.proxywasm4j.host.internal.vm.HostFn.IN_INIT;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.BADF;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.FAULT;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.INVAL;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.NOENT;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.NOSYS;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.NOTDIR;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.NOTSUP;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.SUCCESS;

import io.github.proxywasm4j.host.LogLevel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The 45 WASI preview1 functions, served under both {@code wasi_snapshot_preview1} and {@code
 * wasi_unstable} with cpp-host's behaviour (reference §5.2), sandboxed: stdout/stderr go to the
 * plugin log, no files, no host environment, time from the plugin clock, seedable randomness, and
 * {@code proc_exit} fails the VM. One method each, declared in {@link #TABLE}.
 */
final class WasiHost {
    static final Map<String, HostFn> TABLE = table();

    private WasiHost() {}

    private static Map<String, HostFn> table() {
        var t = new HashMap<String, HostFn>();
        int init = IN_INIT;
        t.put("args_get", new HostFn(init, WasiHost::argsGet));
        t.put("args_sizes_get", new HostFn(init, WasiHost::argsSizesGet));
        t.put("environ_get", new HostFn(init, WasiHost::environGet));
        t.put("environ_sizes_get", new HostFn(init, WasiHost::environSizesGet));
        t.put("clock_res_get", new HostFn(init, WasiHost::clockResGet));
        t.put("clock_time_get", new HostFn(init | IN_ALLOCATOR, WasiHost::clockTimeGet));
        t.put("fd_advise", new HostFn(init, WasiHost::fdAdvise));
        t.put("fd_allocate", new HostFn(init, WasiHost::fdStdioOnly));
        t.put("fd_close", new HostFn(0, WasiHost::fdClose));
        t.put("fd_datasync", new HostFn(init, WasiHost::fdStdioOnly));
        t.put("fd_fdstat_get", new HostFn(init, WasiHost::fdFdstatGet));
        t.put("fd_fdstat_set_flags", new HostFn(init, WasiHost::nosys));
        t.put("fd_fdstat_set_rights", new HostFn(init, WasiHost::fdStdioOnly));
        t.put("fd_filestat_get", new HostFn(init, WasiHost::badf));
        t.put("fd_filestat_set_size", new HostFn(init, WasiHost::fdStdioOnly));
        t.put("fd_filestat_set_times", new HostFn(init, WasiHost::fdStdioOnly));
        t.put("fd_pread", new HostFn(init, WasiHost::nosys));
        t.put("fd_prestat_get", new HostFn(init, WasiHost::badf));
        t.put("fd_prestat_dir_name", new HostFn(init, WasiHost::nosys));
        t.put("fd_pwrite", new HostFn(init, WasiHost::fdPwrite));
        t.put("fd_read", new HostFn(0, WasiHost::nosys));
        t.put("fd_readdir", new HostFn(init, WasiHost::fdReaddir));
        t.put("fd_renumber", new HostFn(init, WasiHost::fdRenumber));
        t.put("fd_seek", new HostFn(0, WasiHost::fdSeek));
        t.put("fd_sync", new HostFn(init, WasiHost::fdStdioOnly));
        t.put("fd_tell", new HostFn(init, WasiHost::fdTell));
        t.put("fd_write", new HostFn(init | IN_ALLOCATOR, WasiHost::fdWrite));
        t.put("path_create_directory", new HostFn(init, WasiHost::notsup));
        t.put("path_filestat_get", new HostFn(init, WasiHost::notsup));
        t.put("path_filestat_set_times", new HostFn(init, WasiHost::notsup));
        t.put("path_link", new HostFn(init, WasiHost::notsup));
        t.put("path_open", new HostFn(0, WasiHost::pathOpen));
        t.put("path_readlink", new HostFn(init, WasiHost::pathReadlink));
        t.put("path_remove_directory", new HostFn(init, WasiHost::notsup));
        t.put("path_rename", new HostFn(init, WasiHost::notsup));
        t.put("path_symlink", new HostFn(init, WasiHost::notsup));
        t.put("path_unlink_file", new HostFn(init, WasiHost::notsup));
        t.put("poll_oneoff", new HostFn(init | IN_ALLOCATOR, WasiHost::pollOneoff));
        t.put("proc_exit", new HostFn(0, WasiHost::procExit));
        t.put("random_get", new HostFn(init, WasiHost::randomGet));
        t.put("sched_yield", new HostFn(0, WasiHost::success));
        t.put("sock_accept", new HostFn(init, WasiHost::notsup));
        t.put("sock_recv", new HostFn(init, WasiHost::sockRecv));
        t.put("sock_send", new HostFn(init, WasiHost::notsup));
        t.put("sock_shutdown", new HostFn(init, WasiHost::notsup));
        return Map.copyOf(t);
    }

    private static long[] errno(WasiErrno errno) {
        return errno.result();
    }

    private static boolean stdio(long fd) {
        return fd == 1 || fd == 2;
    }

    private static boolean ok(ProxyVm vm, long ptr, long len) {
        return GuestMemory.inBounds(vm.memory, ptr, len);
    }

    // ------------------------------------------------------------------ args and environment

    static long[] argsGet(ProxyVm vm, long[] a) {
        return errno(SUCCESS);
    }

    static long[] argsSizesGet(ProxyVm vm, long[] a) {
        if (!ok(vm, a[0], 4) || !ok(vm, a[1], 4)) {
            return errno(FAULT);
        }
        vm.memory.writeI32((int) a[0], 0);
        vm.memory.writeI32((int) a[1], 0);
        return errno(SUCCESS);
    }

    static long[] environSizesGet(ProxyVm vm, long[] a) {
        if (!ok(vm, a[0], 4) || !ok(vm, a[1], 4)) {
            return errno(FAULT);
        }
        long size = 0;
        for (var e : vm.cfg.environment().entrySet()) {
            size += utf8(e.getKey()).length + utf8(e.getValue()).length + 2;
        }
        vm.memory.writeI32((int) a[0], vm.cfg.environment().size());
        vm.memory.writeI32((int) a[1], (int) size);
        return errno(SUCCESS);
    }

    static long[] environGet(ProxyVm vm, long[] a) {
        long array = a[0] & 0xFFFFFFFFL;
        long buf = a[1] & 0xFFFFFFFFL;
        for (var e : vm.cfg.environment().entrySet()) {
            var bytes = utf8(e.getKey() + "=" + e.getValue() + "\0");
            if (!ok(vm, array, 4) || !ok(vm, buf, bytes.length)) {
                return errno(FAULT);
            }
            vm.memory.writeI32((int) array, (int) buf);
            vm.memory.write((int) buf, bytes);
            array += 4;
            buf += bytes.length;
        }
        return errno(SUCCESS);
    }

    // ------------------------------------------------------------------ clocks, random

    static long[] clockResGet(ProxyVm vm, long[] a) {
        int id = (int) a[0];
        if (id != 0 && id != 1) {
            return errno(NOTSUP);
        }
        if (!ok(vm, a[1], 8)) {
            return errno(FAULT);
        }
        vm.memory.writeLong((int) a[1], 1L);
        return errno(SUCCESS);
    }

    static long[] clockTimeGet(ProxyVm vm, long[] a) {
        int id = (int) a[0];
        long now;
        if (id == 0) {
            now = vm.cfg.clock().epochNanos();
        } else if (id == 1) {
            now = vm.cfg.clock().monotonicNanos();
        } else {
            return errno(NOTSUP);
        }
        if (!ok(vm, a[2], 8)) {
            return errno(FAULT);
        }
        vm.memory.writeLong((int) a[2], now);
        return errno(SUCCESS);
    }

    static long[] randomGet(ProxyVm vm, long[] a) {
        long len = a[1] & 0xFFFFFFFFL;
        if (len > 65536) {
            return errno(INVAL);
        }
        if (len == 0) {
            return errno(SUCCESS);
        }
        if (!ok(vm, a[0], len)) {
            return errno(FAULT);
        }
        var bytes = new byte[(int) len];
        vm.random().nextBytes(bytes);
        vm.memory.write((int) a[0], bytes);
        return errno(SUCCESS);
    }

    // ------------------------------------------------------------------ file descriptors

    static long[] fdWrite(ProxyVm vm, long[] a) {
        return write(vm, a[0], a[1], a[2], a[3]);
    }

    static long[] fdPwrite(ProxyVm vm, long[] a) {
        // The offset is ignored for stdout/stderr, as in cpp-host.
        return write(vm, a[0], a[1], a[2], a[4]);
    }

    private static long[] write(ProxyVm vm, long fd, long iovs, long count, long nwritten) {
        if (!stdio((int) fd)) {
            return errno(BADF);
        }
        long n = count & 0xFFFFFFFFL;
        if (!ok(vm, iovs, n * 8) || !ok(vm, nwritten, 4)) {
            return errno(FAULT);
        }
        var out = new ByteArrayOutputStream();
        for (long i = 0; i < n; i++) {
            long ptr = vm.memory.readInt((int) (iovs + i * 8)) & 0xFFFFFFFFL;
            long len = vm.memory.readInt((int) (iovs + i * 8 + 4)) & 0xFFFFFFFFL;
            if (!ok(vm, ptr, len)) {
                return errno(FAULT);
            }
            if (len > 0) {
                out.writeBytes(vm.memory.readBytes((int) ptr, (int) len));
            }
        }
        var bytes = out.toByteArray();
        vm.memory.writeI32((int) nwritten, bytes.length);
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
        }
        if (end > 0) {
            vm.log(
                    fd == 1 ? LogLevel.INFO : LogLevel.ERROR,
                    new String(bytes, 0, end, StandardCharsets.UTF_8),
                    false);
        }
        return errno(SUCCESS);
    }

    static long[] fdFdstatGet(ProxyVm vm, long[] a) {
        if (!stdio((int) a[0])) {
            return errno(BADF);
        }
        if (!ok(vm, a[1], 24)) {
            return errno(FAULT);
        }
        int p = (int) a[1];
        vm.memory.write(p, new byte[24]);
        // rights_base = FD_WRITE (64), as cpp-host.
        vm.memory.writeLong(p + 8, 64L);
        return errno(SUCCESS);
    }

    static long[] fdStdioOnly(ProxyVm vm, long[] a) {
        return errno(stdio((int) a[0]) ? SUCCESS : BADF);
    }

    static long[] fdAdvise(ProxyVm vm, long[] a) {
        return errno(SUCCESS);
    }

    static long[] fdClose(ProxyVm vm, long[] a) {
        vm.log(LogLevel.WARN, "wasi fd_close(" + (int) a[0] + ") ignored: no files here", false);
        return errno(SUCCESS);
    }

    static long[] fdSeek(ProxyVm vm, long[] a) {
        vm.log(LogLevel.WARN, "wasi fd_seek(" + (int) a[0] + ") ignored: no files here", false);
        return errno(SUCCESS);
    }

    static long[] fdReaddir(ProxyVm vm, long[] a) {
        if (ok(vm, a[4], 4)) {
            vm.memory.writeI32((int) a[4], 0);
        }
        return errno(NOTDIR);
    }

    static long[] fdRenumber(ProxyVm vm, long[] a) {
        return errno(stdio((int) a[0]) && stdio((int) a[1]) ? NOTSUP : BADF);
    }

    static long[] fdTell(ProxyVm vm, long[] a) {
        if (!stdio((int) a[0])) {
            return errno(BADF);
        }
        if (!ok(vm, a[1], 8)) {
            return errno(FAULT);
        }
        vm.memory.writeLong((int) a[1], 0L);
        return errno(SUCCESS);
    }

    static long[] pathOpen(ProxyVm vm, long[] a) {
        return errno(NOENT);
    }

    static long[] pathReadlink(ProxyVm vm, long[] a) {
        if (ok(vm, a[5], 4)) {
            vm.memory.writeI32((int) a[5], 0);
        }
        return errno(NOTSUP);
    }

    static long[] sockRecv(ProxyVm vm, long[] a) {
        if (ok(vm, a[4], 4)) {
            vm.memory.writeI32((int) a[4], 0);
        }
        if (ok(vm, a[5], 2)) {
            vm.memory.writeShort((int) a[5], (short) 0);
        }
        return errno(NOTSUP);
    }

    static long[] pollOneoff(ProxyVm vm, long[] a) {
        if (!ok(vm, a[3], 4)) {
            return errno(FAULT);
        }
        vm.memory.writeI32((int) a[3], 0);
        return errno(SUCCESS);
    }

    static long[] procExit(ProxyVm vm, long[] a) {
        throw new ProcExit((int) a[0]);
    }

    static long[] success(ProxyVm vm, long[] a) {
        return errno(SUCCESS);
    }

    static long[] badf(ProxyVm vm, long[] a) {
        return errno(BADF);
    }

    static long[] nosys(ProxyVm vm, long[] a) {
        return errno(NOSYS);
    }

    static long[] notsup(ProxyVm vm, long[] a) {
        return errno(NOTSUP);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
