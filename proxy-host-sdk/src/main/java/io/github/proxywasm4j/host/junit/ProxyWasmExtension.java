package io.github.proxywasm4j.host.junit;

import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.SharedState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Loads a filter module once per test class and gives each test fresh plugins, closed after the
 * test. Test methods may also declare a {@link ProxyWasmPlugin}, {@link HttpStream} or {@link
 * ProxyWasmModule} parameter. The plugins of one test (from every extension of the class) act as
 * the plugins of one Envoy: they share one {@link SharedState}, so shared data and queues are
 * scoped by VM id across them, and plugins whose VM configuration matches share a VM per thread,
 * each with its own root context.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ProxyWasmExtension wasm =
 *         ProxyWasmExtension.forModule(Path.of("target/filter.wasm"))
 *                 .withPlugin(b -> b.withRootId("add_header"))
 *                 .build();
 *
 * @Test
 * void addsHeader(HttpStream stream) {
 *     stream.sendResponseHeaders(Headers.of(":status", "200"), true);
 *     assertThat(stream).hasResponseHeader("hello", "world!");
 * }
 *
 * @Test
 * void configured() {
 *     var plugin = wasm.plugin(b -> b.withPluginConfiguration("hi"));
 *     ...
 * }
 * }</pre>
 */
public final class ProxyWasmExtension
        implements BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ProxyWasmExtension.class);

    private final Path wasmFile;
    private final UnaryOperator<ProxyWasmPlugin.Builder> defaults;
    private final List<ProxyWasmPlugin> testPlugins = new ArrayList<>();
    private final List<ProxyWasmPlugin> classPlugins = new ArrayList<>();
    private ProxyWasmModule module;
    private boolean inTest;

    // One proxy per test (and one for the class): the plugins of a test share data, queues and,
    // where their VM configuration matches, VMs, as the plugins of one Envoy do.
    private SharedState testState;
    private SharedState classState;

    private ProxyWasmExtension(Builder builder) {
        this.wasmFile = builder.wasmFile;
        this.defaults = builder.defaults;
    }

    /** Starts an extension for the module at {@code wasmFile} (loaded on first use). */
    public static Builder forModule(Path wasmFile) {
        return new Builder(Objects.requireNonNull(wasmFile, "wasmFile"));
    }

    /** The module, parsed and validated once for the whole class. */
    public synchronized ProxyWasmModule module() {
        if (module == null) {
            module = ProxyWasmModule.load(wasmFile);
        }
        return module;
    }

    /** A new plugin with the extension's defaults; closed after the current test. */
    public ProxyWasmPlugin plugin() {
        return plugin(UnaryOperator.identity());
    }

    /**
     * A new plugin with the extension's defaults, then {@code customizer}; closed after the current
     * test (or after the class, when created outside a test).
     */
    public ProxyWasmPlugin plugin(UnaryOperator<ProxyWasmPlugin.Builder> customizer) {
        Objects.requireNonNull(customizer, "customizer");
        SharedState state;
        synchronized (this) {
            if (!inTest && classState == null) {
                classState = SharedState.create();
            }
            state = inTest ? testState : classState;
        }
        var plugin =
                customizer
                        .apply(
                                defaults.apply(
                                        ProxyWasmPlugin.builder(module()).withSharedState(state)))
                        .build();
        synchronized (this) {
            (inTest ? testPlugins : classPlugins).add(plugin);
        }
        return plugin;
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        inTest = true;
        // Shared with the other ProxyWasmExtensions of the same test.
        testState =
                context.getStore(NAMESPACE)
                        .computeIfAbsent(
                                SharedState.class, k -> SharedState.create(), SharedState.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<ProxyWasmPlugin> toClose;
        synchronized (this) {
            inTest = false;
            toClose = List.copyOf(testPlugins);
            testPlugins.clear();
        }
        closeAll(toClose);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<ProxyWasmPlugin> toClose;
        synchronized (this) {
            toClose = List.copyOf(classPlugins);
            classPlugins.clear();
        }
        closeAll(toClose);
    }

    private static void closeAll(List<ProxyWasmPlugin> plugins) {
        RuntimeException first = null;
        for (var plugin : plugins) {
            try {
                plugin.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        var type = parameter.getParameter().getType();
        return type == ProxyWasmModule.class
                || type == ProxyWasmPlugin.class
                || type == HttpStream.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        var type = parameter.getParameter().getType();
        if (type == ProxyWasmModule.class) {
            return module();
        }
        // One default plugin per test: a test asking for a plugin and a stream gets a stream of
        // that plugin.
        var store = context.getStore(ExtensionContext.Namespace.create(ProxyWasmExtension.class));
        var plugin =
                store.computeIfAbsent(
                        context.getUniqueId() + "/plugin", k -> plugin(), ProxyWasmPlugin.class);
        if (type == ProxyWasmPlugin.class) {
            return plugin;
        }
        if (type == HttpStream.class) {
            return plugin.newHttpStream();
        }
        throw new ParameterResolutionException("unsupported parameter type " + type.getName());
    }

    /** Configures a {@link ProxyWasmExtension}. */
    public static final class Builder {
        private final Path wasmFile;
        private UnaryOperator<ProxyWasmPlugin.Builder> defaults = UnaryOperator.identity();

        private Builder(Path wasmFile) {
            this.wasmFile = wasmFile;
        }

        /** Settings applied to every plugin this extension builds (root id, clock, upstreams...). */
        public Builder withPlugin(UnaryOperator<ProxyWasmPlugin.Builder> settings) {
            Objects.requireNonNull(settings, "settings");
            var previous = defaults;
            defaults = b -> settings.apply(previous.apply(b));
            return this;
        }

        /** The root id of every plugin (shortcut for {@code withPlugin(b -> b.withRootId(id))}). */
        public Builder withRootId(String rootId) {
            Objects.requireNonNull(rootId, "rootId");
            var previous = defaults;
            defaults = b -> previous.apply(b).withRootId(rootId);
            return this;
        }

        /** The extension. */
        public ProxyWasmExtension build() {
            return new ProxyWasmExtension(this);
        }
    }
}
