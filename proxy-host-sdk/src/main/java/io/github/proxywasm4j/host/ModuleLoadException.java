package io.github.proxywasm4j.host;

/** The bytes are not a loadable WebAssembly module (unreadable, not wasm, malformed, invalid). */
public final class ModuleLoadException extends ProxyWasmException {
    private static final long serialVersionUID = 1L;

    public ModuleLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
