package io.github.proxywasm4j.host;

/** The bytes are not a loadable WebAssembly module (unreadable, not wasm, malformed, invalid). */
public final class ModuleLoadException extends ProxyWasmException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message for the user and the underlying cause (may be null). */
    public ModuleLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
