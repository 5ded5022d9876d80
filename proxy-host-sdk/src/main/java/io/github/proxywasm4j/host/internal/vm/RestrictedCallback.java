package io.github.proxywasm4j.host.internal.vm;

/** A host call cpp-host forbids at this point (inside the allocator or the language initialiser). */
final class RestrictedCallback extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RestrictedCallback(String function) {
        super(function + " may not be called here", null, false, false);
    }
}
