package io.github.proxywasm4j.host.internal.vm;

/** WASI {@code proc_exit}: ends the guest call; the VM is then failed. */
final class ProcExit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;

    ProcExit(int code) {
        // With its stack: the source map locates the abort in the author's code (issue 13).
        super("proc_exit(" + code + ")", null, false, true);
        this.code = code;
    }
}
