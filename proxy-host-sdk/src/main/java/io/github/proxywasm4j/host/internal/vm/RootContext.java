package io.github.proxywasm4j.host.internal.vm;

/**
 * A plugin's root context. Several live in one VM when plugins share it (Envoy's VM model), each
 * with its plugin's settings, its own tick timer and its streams. Its id is assigned when it
 * starts.
 */
public final class RootContext extends Context {
    boolean inConfigure;
    boolean donePending;
    final PluginSettings settings;
    final Ticks ticks;

    /** Streams of this root still running; a retired root is shut down when none is left. */
    int liveStreams;

    /** Replaced by a newer configuration of the same plugin (Envoy's configuration update). */
    boolean retired;

    RootContext(ProxyVm vm, int id, PluginSettings settings) {
        super(vm, id);
        this.root = this;
        this.settings = settings;
        this.ticks = new Ticks(vm, this);
    }

    void assignId(int id) {
        this.id = id;
    }

    /** {@code proxy_done}: valid only after {@code proxy_on_done} returned false. */
    boolean rootDone() {
        if (!donePending) {
            return false;
        }
        donePending = false;
        vm.defer(() -> vm.deleteRoot(this));
        return true;
    }

    /** A stream of this root ended: a retired root goes once its last stream has. */
    void streamEnded() {
        liveStreams--;
        if (retired && liveStreams <= 0) {
            vm.defer(() -> vm.closeRoot(this));
        }
    }
}
