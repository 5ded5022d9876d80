package io.github.proxywasm4j.host.internal.vm;

/** The plugin (root) context. Its id is assigned when the VM starts (1 in a fresh VM). */
final class RootContext extends Context {
    boolean inConfigure;
    boolean donePending;

    RootContext(ProxyVm vm, int id) {
        super(vm, id);
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
        vm.defer(vm::deleteRoot);
        return true;
    }
}
