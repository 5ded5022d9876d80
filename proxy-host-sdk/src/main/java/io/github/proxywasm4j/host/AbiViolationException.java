package io.github.proxywasm4j.host;

import io.github.proxywasm4j.host.abi.AbiReport;

/** The module is WebAssembly but does not fit the Proxy-Wasm ABI as Envoy links it. */
public final class AbiViolationException extends ProxyWasmException {
    private static final long serialVersionUID = 1L;

    private final transient AbiReport report;

    /** An exception listing the report's errors. */
    public AbiViolationException(AbiReport report) {
        super(message(report));
        this.report = report;
    }

    /** Everything the validator found. */
    public AbiReport report() {
        return report;
    }

    private static String message(AbiReport report) {
        var sb = new StringBuilder("the module does not fit the Proxy-Wasm ABI:");
        for (var p : report.errors()) {
            sb.append("\n  - ").append(p.message());
        }
        return sb.toString();
    }
}
