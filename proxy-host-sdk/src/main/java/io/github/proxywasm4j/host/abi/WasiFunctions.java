package io.github.proxywasm4j.host.abi;

import static io.github.proxywasm4j.host.abi.ValueType.I32;

import java.util.List;
import java.util.Optional;

/**
 * The 45 WASI preview1 functions Envoy provides, under both {@code wasi_snapshot_preview1} and
 * {@code wasi_unstable} (proxy-wasm-cpp-host {@code FOR_ALL_WASI_FUNCTIONS}), with their WASI
 * preview1 types.
 *
 * <p>AssemblyScript's {@code --use abort=abort_proc_exit} imports {@code wasi_unstable.proc_exit}.
 */
public final class WasiFunctions {
    /** The current WASI preview1 module name. */
    public static final String SNAPSHOT_PREVIEW1 = "wasi_snapshot_preview1";

    /** The older name of the same module; Envoy serves both. */
    public static final String UNSTABLE = "wasi_unstable";

    /** Parameters as named by WASI preview1; i32 unless prefixed with i64. */
    private static final List<Entry> TABLE =
            List.of(
                    errno("args_get", "argv, argv_buf"),
                    errno("args_sizes_get", "argc, argv_buf_size"),
                    errno("environ_get", "environ, environ_buf"),
                    errno("environ_sizes_get", "environ_count, environ_buf_size"),
                    errno("clock_res_get", "id, resolution"),
                    errno("clock_time_get", "id, i64 precision, time"),
                    errno("fd_advise", "fd, i64 offset, i64 len, advice"),
                    errno("fd_allocate", "fd, i64 offset, i64 len"),
                    errno("fd_close", "fd"),
                    errno("fd_datasync", "fd"),
                    errno("fd_fdstat_get", "fd, stat"),
                    errno("fd_fdstat_set_flags", "fd, flags"),
                    errno(
                            "fd_fdstat_set_rights",
                            "fd, i64 fs_rights_base, i64 fs_rights_inheriting"),
                    errno("fd_filestat_get", "fd, buf"),
                    errno("fd_filestat_set_size", "fd, i64 size"),
                    errno("fd_filestat_set_times", "fd, i64 atim, i64 mtim, fst_flags"),
                    errno("fd_pread", "fd, iovs, iovs_len, i64 offset, nread"),
                    errno("fd_prestat_get", "fd, buf"),
                    errno("fd_prestat_dir_name", "fd, path, path_len"),
                    errno("fd_pwrite", "fd, iovs, iovs_len, i64 offset, nwritten"),
                    errno("fd_read", "fd, iovs, iovs_len, nread"),
                    errno("fd_readdir", "fd, buf, buf_len, i64 cookie, bufused"),
                    errno("fd_renumber", "fd, to"),
                    errno("fd_seek", "fd, i64 offset, whence, newoffset"),
                    errno("fd_sync", "fd"),
                    errno("fd_tell", "fd, offset"),
                    errno("fd_write", "fd, iovs, iovs_len, nwritten"),
                    errno("path_create_directory", "fd, path, path_len"),
                    errno("path_filestat_get", "fd, flags, path, path_len, buf"),
                    errno(
                            "path_filestat_set_times",
                            "fd, flags, path, path_len, i64 atim, i64 mtim, fst_flags"),
                    // cpp-host registers path_link with 6 and path_symlink with 4 params.
                    errno(
                            "path_link",
                            "old_fd, old_flags, old_path, old_path_len, new_fd, new_path,"
                                    + " new_path_len"),
                    errno(
                            "path_open",
                            "fd, dirflags, path, path_len, oflags, i64 fs_rights_base,"
                                    + " i64 fs_rights_inheriting, fdflags, opened_fd"),
                    errno("path_readlink", "fd, path, path_len, buf, buf_len, bufused"),
                    errno("path_remove_directory", "fd, path, path_len"),
                    errno(
                            "path_rename",
                            "fd, old_path, old_path_len, new_fd, new_path, new_path_len"),
                    errno("path_symlink", "old_path, old_path_len, fd, new_path, new_path_len"),
                    errno("path_unlink_file", "fd, path, path_len"),
                    errno("poll_oneoff", "in, out, nsubscriptions, nevents"),
                    new Entry("proc_exit", AbiTables.types("rval"), List.of()),
                    errno("random_get", "buf, buf_len"),
                    errno("sched_yield", ""),
                    errno("sock_accept", "fd, flags, result_fd"),
                    errno("sock_recv", "fd, ri_data, ri_data_len, ri_flags, ro_datalen, ro_flags"),
                    errno("sock_send", "fd, si_data, si_data_len, si_flags, so_datalen"),
                    errno("sock_shutdown", "fd, how"));

    private static final List<FunctionSignature> SNAPSHOT_PREVIEW1_FUNCTIONS =
            forModule(SNAPSHOT_PREVIEW1);
    private static final List<FunctionSignature> UNSTABLE_FUNCTIONS = forModule(UNSTABLE);

    private WasiFunctions() {}

    /**
     * The 45 functions under one module name.
     *
     * @param moduleName {@code wasi_snapshot_preview1} or {@code wasi_unstable}
     * @throws IllegalArgumentException for any other module name
     */
    public static List<FunctionSignature> preview1(String moduleName) {
        return switch (moduleName) {
            case SNAPSHOT_PREVIEW1 -> SNAPSHOT_PREVIEW1_FUNCTIONS;
            case UNSTABLE -> UNSTABLE_FUNCTIONS;
            default ->
                    throw new IllegalArgumentException(
                            "not a WASI module name: '"
                                    + moduleName
                                    + "', expected '"
                                    + SNAPSHOT_PREVIEW1
                                    + "' or '"
                                    + UNSTABLE
                                    + "'");
        };
    }

    /** Whether imports from this module are WASI imports Envoy serves. */
    public static boolean isWasiModule(String moduleName) {
        return SNAPSHOT_PREVIEW1.equals(moduleName) || UNSTABLE.equals(moduleName);
    }

    /** The WASI function with that name under that module, if Envoy provides it. */
    public static Optional<FunctionSignature> find(String moduleName, String name) {
        if (!isWasiModule(moduleName)) {
            return Optional.empty();
        }
        return preview1(moduleName).stream().filter(f -> f.name().equals(name)).findFirst();
    }

    private static List<FunctionSignature> forModule(String moduleName) {
        return TABLE.stream()
                .map(e -> FunctionSignature.imported(moduleName, e.name, e.params, e.results))
                .toList();
    }

    private static Entry errno(String name, String params) {
        return new Entry(name, AbiTables.types(params), List.of(I32));
    }

    private record Entry(String name, List<ValueType> params, List<ValueType> results) {}
}
