package io.github.proxywasm4j.host.internal.vm;

import static io.github.proxywasm4j.host.internal.vm.HostFn.IN_ALLOCATOR;
import static io.github.proxywasm4j.host.internal.vm.HostFn.IN_INIT;
import static io.github.proxywasm4j.host.internal.vm.HostFn.bind;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.BADF;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.FAULT;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.INVAL;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.NOENT;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.NOSYS;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.NOTDIR;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.NOTSUP;
import static io.github.proxywasm4j.host.internal.vm.WasiErrno.SUCCESS;

import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.abi.WasiFunctions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The 45 WASI preview1 functions, served under both {@code wasi_snapshot_preview1} and {@code
 * wasi_unstable} with cpp-host's behaviour (reference §5.2), sandboxed: stdout/stderr go to the
 * plugin log, no files, no host environment, time from the plugin clock, seedable randomness, and
 * {@code proc_exit} fails the VM. One method each, named and typed as its WASI line, bound in
 * {@link #TABLE}.
 */
final class WasiHost {
    /**
     * The binding of each function of the WASI model ({@link WasiFunctions#preview1}) to its method
     * below: where cpp-host allows it besides normal callbacks, and the cast from Chicory's
     * arguments.
     */
    // spotless:off: one line per function, so the table reads like the ABI it binds
    static final Map<String, HostFn> TABLE = HostFn.table(WasiFunctions.preview1(WasiFunctions.SNAPSHOT_PREVIEW1), Map.ofEntries(
            bind("args_get", IN_INIT, (vm, a) -> argsGet(vm, (int) a[0], (int) a[1]).result()),
            bind("args_sizes_get", IN_INIT, (vm, a) -> argsSizesGet(vm, (int) a[0], (int) a[1]).result()),
            bind("environ_get", IN_INIT, (vm, a) -> environGet(vm, (int) a[0], (int) a[1]).result()),
            bind("environ_sizes_get", IN_INIT, (vm, a) -> environSizesGet(vm, (int) a[0], (int) a[1]).result()),
            bind("clock_res_get", IN_INIT, (vm, a) -> clockResGet(vm, (int) a[0], (int) a[1]).result()),
            bind("clock_time_get", IN_INIT | IN_ALLOCATOR, (vm, a) -> clockTimeGet(vm, (int) a[0], a[1], (int) a[2]) .result()),
            bind("fd_advise", IN_INIT, (vm, a) -> fdAdvise(vm, (int) a[0], a[1], a[2], (int) a[3]) .result()),
            bind("fd_allocate", IN_INIT, (vm, a) -> fdAllocate(vm, (int) a[0], a[1], a[2]).result()),
            bind("fd_close", (vm, a) -> fdClose(vm, (int) a[0]).result()),
            bind("fd_datasync", IN_INIT, (vm, a) -> fdDatasync(vm, (int) a[0]).result()),
            bind("fd_fdstat_get", IN_INIT, (vm, a) -> fdFdstatGet(vm, (int) a[0], (int) a[1]).result()),
            bind("fd_fdstat_set_flags", IN_INIT, (vm, a) -> fdFdstatSetFlags(vm, (int) a[0], (int) a[1]).result()),
            bind("fd_fdstat_set_rights", IN_INIT, (vm, a) -> fdFdstatSetRights(vm, (int) a[0], a[1], a[2]).result()),
            bind("fd_filestat_get", IN_INIT, (vm, a) -> fdFilestatGet(vm, (int) a[0], (int) a[1]).result()),
            bind("fd_filestat_set_size", IN_INIT, (vm, a) -> fdFilestatSetSize(vm, (int) a[0], a[1]).result()),
            bind("fd_filestat_set_times", IN_INIT, (vm, a) -> fdFilestatSetTimes(vm, (int) a[0], a[1], a[2], (int) a[3]) .result()),
            bind("fd_pread", IN_INIT, (vm, a) -> fdPread(vm, (int) a[0], (int) a[1], (int) a[2], a[3], (int) a[4]) .result()),
            bind("fd_prestat_get", IN_INIT, (vm, a) -> fdPrestatGet(vm, (int) a[0], (int) a[1]).result()),
            bind("fd_prestat_dir_name", IN_INIT, (vm, a) -> fdPrestatDirName(vm, (int) a[0], (int) a[1], (int) a[2]) .result()),
            bind("fd_pwrite", IN_INIT, (vm, a) -> fdPwrite(vm, (int) a[0], (int) a[1], (int) a[2], a[3], (int) a[4]) .result()),
            bind("fd_read", (vm, a) -> fdRead(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3]) .result()),
            bind("fd_readdir", IN_INIT, (vm, a) -> fdReaddir(vm, (int) a[0], (int) a[1], (int) a[2], a[3], (int) a[4]) .result()),
            bind("fd_renumber", IN_INIT, (vm, a) -> fdRenumber(vm, (int) a[0], (int) a[1]).result()),
            bind("fd_seek", (vm, a) -> fdSeek(vm, (int) a[0], a[1], (int) a[2], (int) a[3]) .result()),
            bind("fd_sync", IN_INIT, (vm, a) -> fdSync(vm, (int) a[0]).result()),
            bind("fd_tell", IN_INIT, (vm, a) -> fdTell(vm, (int) a[0], (int) a[1]).result()),
            bind("fd_write", IN_INIT | IN_ALLOCATOR, (vm, a) -> fdWrite(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3]) .result()),
            bind("path_create_directory", IN_INIT, (vm, a) -> pathCreateDirectory(vm, (int) a[0], (int) a[1], (int) a[2]) .result()),
            bind("path_filestat_get", IN_INIT, (vm, a) -> pathFilestatGet(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]) .result()),
            bind("path_filestat_set_times", IN_INIT, (vm, a) -> pathFilestatSetTimes(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], a[4], a[5], (int) a[6]) .result()),
            bind("path_link", IN_INIT, (vm, a) -> pathLink(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5], (int) a[6]) .result()),
            bind("path_open", (vm, a) -> pathOpen(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], a[5], a[6], (int) a[7], (int) a[8]) .result()),
            bind("path_readlink", IN_INIT, (vm, a) -> pathReadlink(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5]) .result()),
            bind("path_remove_directory", IN_INIT, (vm, a) -> pathRemoveDirectory(vm, (int) a[0], (int) a[1], (int) a[2]) .result()),
            bind("path_rename", IN_INIT, (vm, a) -> pathRename(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5]) .result()),
            bind("path_symlink", IN_INIT, (vm, a) -> pathSymlink(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]) .result()),
            bind("path_unlink_file", IN_INIT, (vm, a) -> pathUnlinkFile(vm, (int) a[0], (int) a[1], (int) a[2]) .result()),
            bind("poll_oneoff", IN_INIT | IN_ALLOCATOR, (vm, a) -> pollOneoff(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3]) .result()),
            bind("proc_exit", (vm, a) -> { procExit(vm, (int) a[0]); return null; }),
            bind("random_get", IN_INIT, (vm, a) -> randomGet(vm, (int) a[0], (int) a[1]).result()),
            bind("sched_yield", (vm, a) -> schedYield(vm).result()),
            bind("sock_accept", IN_INIT, (vm, a) -> sockAccept(vm, (int) a[0], (int) a[1], (int) a[2]) .result()),
            bind("sock_recv", IN_INIT, (vm, a) -> sockRecv(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5]) .result()),
            bind("sock_send", IN_INIT, (vm, a) -> sockSend(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]) .result()),
            bind("sock_shutdown", IN_INIT, (vm, a) -> sockShutdown(vm, (int) a[0], (int) a[1]).result())));
    // spotless:on

    private WasiHost() {}

    private static boolean stdio(int fd) {
        return fd == 1 || fd == 2;
    }

    private static boolean ok(ProxyVm vm, long ptr, long len) {
        return GuestMemory.inBounds(vm.memory, ptr, len);
    }

    private static long unsigned(int value) {
        return Integer.toUnsignedLong(value);
    }

    // ------------------------------------------------------------------ args and environment

    static WasiErrno argsGet(ProxyVm vm, int argv, int argvBuf) {
        return SUCCESS;
    }

    static WasiErrno argsSizesGet(ProxyVm vm, int argc, int argvBufSize) {
        if (!ok(vm, argc, 4) || !ok(vm, argvBufSize, 4)) {
            return FAULT;
        }
        vm.memory.writeI32(argc, 0);
        vm.memory.writeI32(argvBufSize, 0);
        return SUCCESS;
    }

    static WasiErrno environSizesGet(ProxyVm vm, int environCount, int environBufSize) {
        if (!ok(vm, environCount, 4) || !ok(vm, environBufSize, 4)) {
            return FAULT;
        }
        long size = 0;
        for (var e : vm.cfg.environment().entrySet()) {
            size += utf8(e.getKey()).length + utf8(e.getValue()).length + 2;
        }
        vm.memory.writeI32(environCount, vm.cfg.environment().size());
        vm.memory.writeI32(environBufSize, (int) size);
        return SUCCESS;
    }

    static WasiErrno environGet(ProxyVm vm, int environ, int environBuf) {
        long array = unsigned(environ);
        long buf = unsigned(environBuf);
        for (var e : vm.cfg.environment().entrySet()) {
            var bytes = utf8(e.getKey() + "=" + e.getValue() + "\0");
            if (!ok(vm, array, 4) || !ok(vm, buf, bytes.length)) {
                return FAULT;
            }
            vm.memory.writeI32((int) array, (int) buf);
            vm.memory.write((int) buf, bytes);
            array += 4;
            buf += bytes.length;
        }
        return SUCCESS;
    }

    // ------------------------------------------------------------------ clocks, random

    static WasiErrno clockResGet(ProxyVm vm, int id, int resolution) {
        if (id != 0 && id != 1) {
            return NOTSUP;
        }
        if (!ok(vm, resolution, 8)) {
            return FAULT;
        }
        vm.memory.writeLong(resolution, 1L);
        return SUCCESS;
    }

    static WasiErrno clockTimeGet(ProxyVm vm, int id, long precision, int time) {
        long now;
        if (id == 0) {
            now = vm.cfg.clock().epochNanos();
        } else if (id == 1) {
            now = vm.cfg.clock().monotonicNanos();
        } else {
            return NOTSUP;
        }
        if (!ok(vm, time, 8)) {
            return FAULT;
        }
        vm.memory.writeLong(time, now);
        return SUCCESS;
    }

    static WasiErrno randomGet(ProxyVm vm, int buf, int bufLen) {
        long len = unsigned(bufLen);
        if (len > 65536) {
            return INVAL;
        }
        if (len == 0) {
            return SUCCESS;
        }
        if (!ok(vm, buf, len)) {
            return FAULT;
        }
        var bytes = new byte[(int) len];
        vm.random().nextBytes(bytes);
        vm.memory.write(buf, bytes);
        return SUCCESS;
    }

    // ------------------------------------------------------------------ file descriptors

    static WasiErrno fdWrite(ProxyVm vm, int fd, int iovs, int iovsLen, int nwritten) {
        return write(vm, fd, iovs, iovsLen, nwritten);
    }

    static WasiErrno fdPwrite(
            ProxyVm vm, int fd, int iovs, int iovsLen, long offset, int nwritten) {
        // The offset is ignored for stdout/stderr, as in cpp-host.
        return write(vm, fd, iovs, iovsLen, nwritten);
    }

    private static WasiErrno write(ProxyVm vm, int fd, int iovs, int iovsLen, int nwritten) {
        if (!stdio(fd)) {
            return BADF;
        }
        long n = unsigned(iovsLen);
        long base = unsigned(iovs);
        if (!ok(vm, base, n * 8) || !ok(vm, nwritten, 4)) {
            return FAULT;
        }
        // cpp-host (exports.cc writevImpl) joins every iovec into one string; iovecs may all point
        // at the same bytes, so the join is capped per call and the rest is a partial write, which
        // WASI allows: nwritten tells the guest how much went out and libc writes the rest again.
        long cap = vm.cfg.limits().maxWriteBytes();
        var out = new ByteArrayOutputStream();
        for (long i = 0; i < n && out.size() < cap; i++) {
            long ptr = unsigned(vm.memory.readInt((int) (base + i * 8)));
            long len = unsigned(vm.memory.readInt((int) (base + i * 8 + 4)));
            if (!ok(vm, ptr, len)) {
                return FAULT;
            }
            int take = (int) Math.min(len, cap - out.size());
            if (take > 0) {
                out.writeBytes(vm.memory.readBytes((int) ptr, take));
            }
        }
        var bytes = out.toByteArray();
        vm.memory.writeI32(nwritten, bytes.length);
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
        return SUCCESS;
    }

    static WasiErrno fdFdstatGet(ProxyVm vm, int fd, int stat) {
        if (!stdio(fd)) {
            return BADF;
        }
        if (!ok(vm, stat, 24)) {
            return FAULT;
        }
        vm.memory.write(stat, new byte[24]);
        // rights_base = FD_WRITE (64), as cpp-host.
        vm.memory.writeLong(stat + 8, 64L);
        return SUCCESS;
    }

    /** What cpp-host answers for an fd operation that has nothing to do on stdout/stderr. */
    private static WasiErrno stdioOnly(int fd) {
        return stdio(fd) ? SUCCESS : BADF;
    }

    static WasiErrno fdAllocate(ProxyVm vm, int fd, long offset, long len) {
        return stdioOnly(fd);
    }

    static WasiErrno fdDatasync(ProxyVm vm, int fd) {
        return stdioOnly(fd);
    }

    static WasiErrno fdFdstatSetRights(
            ProxyVm vm, int fd, long fsRightsBase, long fsRightsInheriting) {
        return stdioOnly(fd);
    }

    static WasiErrno fdFilestatSetSize(ProxyVm vm, int fd, long size) {
        return stdioOnly(fd);
    }

    static WasiErrno fdFilestatSetTimes(ProxyVm vm, int fd, long atim, long mtim, int fstFlags) {
        return stdioOnly(fd);
    }

    static WasiErrno fdSync(ProxyVm vm, int fd) {
        return stdioOnly(fd);
    }

    static WasiErrno fdFdstatSetFlags(ProxyVm vm, int fd, int flags) {
        return NOSYS;
    }

    static WasiErrno fdFilestatGet(ProxyVm vm, int fd, int buf) {
        return BADF;
    }

    static WasiErrno fdPread(ProxyVm vm, int fd, int iovs, int iovsLen, long offset, int nread) {
        return NOSYS;
    }

    static WasiErrno fdPrestatGet(ProxyVm vm, int fd, int buf) {
        return BADF;
    }

    static WasiErrno fdPrestatDirName(ProxyVm vm, int fd, int path, int pathLen) {
        return NOSYS;
    }

    static WasiErrno fdRead(ProxyVm vm, int fd, int iovs, int iovsLen, int nread) {
        return NOSYS;
    }

    static WasiErrno fdAdvise(ProxyVm vm, int fd, long offset, long len, int advice) {
        return SUCCESS;
    }

    static WasiErrno fdClose(ProxyVm vm, int fd) {
        vm.log(LogLevel.WARN, "wasi fd_close(" + fd + ") ignored: no files here", false);
        return SUCCESS;
    }

    static WasiErrno fdSeek(ProxyVm vm, int fd, long offset, int whence, int newoffset) {
        vm.log(LogLevel.WARN, "wasi fd_seek(" + fd + ") ignored: no files here", false);
        return SUCCESS;
    }

    static WasiErrno fdReaddir(ProxyVm vm, int fd, int buf, int bufLen, long cookie, int bufused) {
        if (ok(vm, bufused, 4)) {
            vm.memory.writeI32(bufused, 0);
        }
        return NOTDIR;
    }

    static WasiErrno fdRenumber(ProxyVm vm, int fd, int to) {
        return stdio(fd) && stdio(to) ? NOTSUP : BADF;
    }

    static WasiErrno fdTell(ProxyVm vm, int fd, int offset) {
        if (!stdio(fd)) {
            return BADF;
        }
        if (!ok(vm, offset, 8)) {
            return FAULT;
        }
        vm.memory.writeLong(offset, 0L);
        return SUCCESS;
    }

    // ------------------------------------------------------------------ paths: no files here

    static WasiErrno pathCreateDirectory(ProxyVm vm, int fd, int path, int pathLen) {
        return NOTSUP;
    }

    static WasiErrno pathFilestatGet(
            ProxyVm vm, int fd, int flags, int path, int pathLen, int buf) {
        return NOTSUP;
    }

    static WasiErrno pathFilestatSetTimes(
            ProxyVm vm,
            int fd,
            int flags,
            int path,
            int pathLen,
            long atim,
            long mtim,
            int fstFlags) {
        return NOTSUP;
    }

    static WasiErrno pathLink(
            ProxyVm vm,
            int oldFd,
            int oldFlags,
            int oldPath,
            int oldPathLen,
            int newFd,
            int newPath,
            int newPathLen) {
        return NOTSUP;
    }

    static WasiErrno pathOpen(
            ProxyVm vm,
            int fd,
            int dirflags,
            int path,
            int pathLen,
            int oflags,
            long fsRightsBase,
            long fsRightsInheriting,
            int fdflags,
            int openedFd) {
        return NOENT;
    }

    static WasiErrno pathReadlink(
            ProxyVm vm, int fd, int path, int pathLen, int buf, int bufLen, int bufused) {
        if (ok(vm, bufused, 4)) {
            vm.memory.writeI32(bufused, 0);
        }
        return NOTSUP;
    }

    static WasiErrno pathRemoveDirectory(ProxyVm vm, int fd, int path, int pathLen) {
        return NOTSUP;
    }

    static WasiErrno pathRename(
            ProxyVm vm,
            int fd,
            int oldPath,
            int oldPathLen,
            int newFd,
            int newPath,
            int newPathLen) {
        return NOTSUP;
    }

    static WasiErrno pathSymlink(
            ProxyVm vm, int oldPath, int oldPathLen, int fd, int newPath, int newPathLen) {
        return NOTSUP;
    }

    static WasiErrno pathUnlinkFile(ProxyVm vm, int fd, int path, int pathLen) {
        return NOTSUP;
    }

    // ------------------------------------------------------------------ sockets: none here

    static WasiErrno sockAccept(ProxyVm vm, int fd, int flags, int resultFd) {
        return NOTSUP;
    }

    static WasiErrno sockRecv(
            ProxyVm vm,
            int fd,
            int riData,
            int riDataLen,
            int riFlags,
            int roDatalen,
            int roFlags) {
        if (ok(vm, roDatalen, 4)) {
            vm.memory.writeI32(roDatalen, 0);
        }
        if (ok(vm, roFlags, 2)) {
            vm.memory.writeShort(roFlags, (short) 0);
        }
        return NOTSUP;
    }

    static WasiErrno sockSend(
            ProxyVm vm, int fd, int siData, int siDataLen, int siFlags, int soDatalen) {
        return NOTSUP;
    }

    static WasiErrno sockShutdown(ProxyVm vm, int fd, int how) {
        return NOTSUP;
    }

    // ------------------------------------------------------------------ scheduling, exit

    static WasiErrno pollOneoff(ProxyVm vm, int in, int out, int nsubscriptions, int nevents) {
        if (!ok(vm, nevents, 4)) {
            return FAULT;
        }
        vm.memory.writeI32(nevents, 0);
        return SUCCESS;
    }

    static WasiErrno schedYield(ProxyVm vm) {
        return SUCCESS;
    }

    /** Never returns: the exit fails the VM (its result type is empty in the model). */
    static void procExit(ProxyVm vm, int rval) {
        throw new ProcExit(rval);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
