package io.github.proxywasm4j.maven.run;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.Limits;
import io.github.proxywasm4j.localproxy.Endpoint;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code wasm:run} serves: either an Envoy bootstrap file, or the project's module on one
 * listener (in front of an upstream, or of the built-in responder when there is none).
 *
 * @param envoyConfig an Envoy bootstrap to serve instead of the single-filter listener
 * @param module the filter module
 * @param rootId the root id the module registers
 * @param configuration the plugin configuration
 * @param failurePolicy what happens to requests after the VM fails
 * @param listen where the listener binds
 * @param upstream where requests go after the filter; empty for the built-in responder
 * @param admin where the admin listener binds; empty for none
 * @param baseDir what relative module paths in {@code envoyConfig} are relative to
 * @param check a path to request once ({@code HEAD}) and then stop, instead of serving until
 *     Ctrl-C
 * @param limits bounds on what the filters' guests can make the proxy hold ({@code
 *     -Dwasm.limits.*})
 */
public record RunRequest(
        Optional<Path> envoyConfig,
        Path module,
        String rootId,
        String configuration,
        FailurePolicy failurePolicy,
        Endpoint listen,
        Optional<Endpoint> upstream,
        Optional<Endpoint> admin,
        Path baseDir,
        Optional<String> check,
        Limits limits) {

    public RunRequest {
        Objects.requireNonNull(envoyConfig, "envoyConfig");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(rootId, "rootId");
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(baseDir, "baseDir");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(limits, "limits");
    }
}
