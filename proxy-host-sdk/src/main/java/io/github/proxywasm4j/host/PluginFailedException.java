package io.github.proxywasm4j.host;

/** A call into a plugin whose VM has failed, where no failure policy applies (ticks, queues). */
public final class PluginFailedException extends ProxyWasmException {
    private static final long serialVersionUID = 1L;

    private final transient PluginFailure failure;

    /** An exception describing the failure. */
    public PluginFailedException(PluginFailure failure) {
        super(failure.describe());
        this.failure = failure;
    }

    /** Why the VM failed. */
    public PluginFailure failure() {
        return failure;
    }
}
