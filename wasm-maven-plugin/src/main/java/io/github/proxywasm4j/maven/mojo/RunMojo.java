package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.host.Limits;
import io.github.proxywasm4j.localproxy.Endpoint;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.run.LocalRun;
import io.github.proxywasm4j.maven.run.RunRequest;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Serves the filter on a local HTTP listener (default {@code 127.0.0.1:10000}) with no Envoy and
 * no Docker: {@code curl -I localhost:10000/} then shows what the filter did. With {@code
 * -Dwasm.envoyConfig=envoy.yaml} it serves an Envoy bootstrap instead (the 2020 v2 form and the v3
 * form). Stops on Ctrl-C.
 */
@Mojo(name = "run", threadSafe = true)
public final class RunMojo extends AbstractFilterMojo {
    private static final String JETTY_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.eclipse.jetty";

    /**
     * An Envoy bootstrap file to serve: its listeners, wasm filters, routes, static clusters and
     * admin listener. Fields the local proxy does not support are named in a warning.
     *
     * <p>Example: {@code -Dwasm.envoyConfig=target/envoy.yaml}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.envoyConfig")
    File envoyConfig;

    /**
     * The module to serve (the output of {@code wasm:package}).
     *
     * @since 0.1.0
     */
    @Parameter(
            property = "wasm.artifactFile",
            defaultValue = "${project.build.directory}/${project.artifactId}.wasm")
    File artifactFile;

    /**
     * Where the listener binds, {@code host:port}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.listen", defaultValue = "127.0.0.1:10000")
    String listen;

    /**
     * Where requests go after the filter, {@code host:port}. Without it a built-in responder
     * answers 200 with a short body.
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.upstream")
    String upstream;

    /**
     * Where an Envoy-like admin listener binds, {@code host:port} or a bare port (then
     * 127.0.0.1); none by default. It answers {@code /ready}, {@code /stats} (also {@code
     * ?format=json} and {@code ?format=prometheus}), {@code /stats/prometheus} (the filter's
     * metrics under their own names, as Envoy shows them), {@code /config_dump} and {@code
     * /clusters}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.admin")
    String admin;

    /**
     * Instead of serving until Ctrl-C: send {@code HEAD <path>} once (like {@code curl -I}),
     * print the answer, stop, and fail on a 4xx/5xx. For scripts and CI.
     *
     * <p>Example: {@code -Dwasm.run.check=/}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.run.check")
    String check;

    @Parameter(defaultValue = "${project.basedir}", readonly = true)
    File basedir;

    /**
     * The host's limits on what a guest can make the proxy hold, from {@code -Dwasm.limits.<name>}
     * (e.g. {@code -Dwasm.limits.maxSharedDataBytes=134217728}); the names are those of the SDK's
     * {@code Limits} builder, listed in the README table "What a guest can make the host hold".
     */
    static Limits limits() {
        try {
            return Limits.fromProperties(System.getProperties());
        } catch (IllegalArgumentException e) {
            throw new WasmBuildException(e.getMessage());
        }
    }

    @Override
    void run(BuildLog log) {
        var request =
                RunRequest.builder(artifactFile.toPath(), basedir.toPath())
                        .withEnvoyConfig(envoyConfig == null ? null : envoyConfig.toPath())
                        .withFilter(filterSettings())
                        .withListen(Endpoint.parse(listen))
                        .withUpstream(upstream == null ? null : Endpoint.parse(upstream))
                        .withAdmin(admin == null ? null : Endpoint.parse(admin))
                        .withCheck(check)
                        .withLimits(limits())
                        .build();
        // Jetty logs its life cycle at INFO; Maven's logger reads this when Jetty's loggers are
        // made.
        if (System.getProperty(JETTY_LOG_LEVEL) == null) {
            System.setProperty(JETTY_LOG_LEVEL, "warn");
        }
        var proxy = LocalRun.start(request, log);
        if (request.check().isPresent()) {
            try {
                log.info(
                        "HEAD "
                                + request.check().get()
                                + "\n"
                                + LocalRun.check(proxy, request.check().get()));
            } finally {
                proxy.close();
            }
            return;
        }
        // Ctrl-C: close the listeners and plugins before the JVM exits.
        var hook = new Thread(proxy::close, "wasm-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("Press Ctrl-C to stop.");
        try {
            proxy.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            proxy.close();
        }
    }
}
