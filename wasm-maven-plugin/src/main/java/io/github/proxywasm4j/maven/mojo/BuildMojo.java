package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.build.BuildRequest;
import io.github.proxywasm4j.maven.build.FilterBuild;
import io.github.proxywasm4j.maven.node.HttpProxy;
import io.github.proxywasm4j.maven.node.NodeRequest;
import io.github.proxywasm4j.maven.node.NodeVersion;
import io.github.proxywasm4j.maven.precompile.PrecompileRequest;
import io.github.proxywasm4j.maven.precompile.Precompiler;
import io.github.proxywasm4j.maven.strip.StripDebugLogs;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Compiles the AssemblyScript filter to a Proxy-Wasm module: finds Node (or installs the pinned
 * one), installs npm dependencies ({@code npm ci} with a lockfile), then runs asc from {@code
 * node_modules} like proxy-runtime's {@code asbuild:optimized} script ({@code --optimize
 * --sourceMap --use abort=abort_proc_exit}). An unchanged project runs neither npm nor asc.
 *
 * <p>Conventions: {@code assembly/index.ts}, {@code package.json} and {@code package-lock.json} in
 * the project's base directory; the module goes to {@code target/wasm/optimized.wasm}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public final class BuildMojo extends AbstractWasmMojo {
    /**
     * The folder with {@code package.json} and the AssemblyScript sources.
     *
     * <p>Example: {@code <workingDirectory>${project.basedir}/filter</workingDirectory>}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.workingDirectory", defaultValue = "${project.basedir}")
    File workingDirectory;

    /**
     * The entry file handed to asc, relative to {@code workingDirectory}. Its folder is
     * fingerprinted as the filter's sources.
     *
     * <p>Example: {@code <entry>assembly/main.ts</entry>}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.entry", defaultValue = "assembly/index.ts")
    String entry;

    /**
     * The optimized module asc writes; {@code wasm:check} and {@code wasm:package} read it from
     * here. The source map ({@code .wasm.map}) and text format ({@code .wat}) go next to it.
     *
     * <p>Example: {@code <outputFile>${project.build.directory}/wasm/filter.wasm</outputFile>}
     *
     * @since 0.1.0
     */
    @Parameter(
            property = "wasm.outputFile",
            defaultValue = "${project.build.directory}/wasm/optimized.wasm")
    File outputFile;

    /**
     * Also builds the unoptimized debug module ({@code untouched.wasm} next to {@code
     * outputFile}), like proxy-runtime's {@code asbuild:untouched} script. Costs about 1.5 s.
     *
     * <p>Example: {@code -Dwasm.debug}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.debug", defaultValue = "false")
    boolean debug;

    /**
     * Writes a source map ({@code .wasm.map}) next to each module.
     *
     * <p>Example: {@code <sourceMap>false</sourceMap>}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.sourceMap", defaultValue = "true")
    boolean sourceMap;

    /**
     * Also writes the WebAssembly text format ({@code .wat}) next to each module.
     *
     * <p>Example: {@code -Dwasm.textFormat}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.textFormat", defaultValue = "false")
    boolean textFormat;

    /**
     * More asc options, appended after the plugin's own. {@code -b}, {@code -o} and {@code
     * --validate} are refused: the plugin sets the output, {@code -b} means {@code --bindings}
     * from asc 0.20 on, and {@code --validate} is unknown since asc 0.14.
     *
     * <p>Example: {@code <ascArguments><arg>--noAssert</arg></ascArguments>} or {@code
     * -Dwasm.ascArguments=--noAssert}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.ascArguments")
    List<String> ascArguments;

    /**
     * Removes {@code @solo-io/proxy-runtime}'s own trace and debug log statements at compile time
     * (an asc transform shipped with the plugin). proxy-runtime 0.1.8 formats and sends them on
     * every request whether or not anyone listens: about 90% of an add_header request's wasm
     * instructions. Trade-off: those internal lines are gone even at debug log level, in Envoy
     * too; the filter's own log calls stay.
     *
     * <p>Example: {@code <stripDebugLogs>true</stripDebugLogs>} or {@code -Dwasm.stripDebugLogs}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.stripDebugLogs", defaultValue = "false")
    boolean stripDebugLogs;

    /**
     * Also compiles the module to JVM classes at build time (Chicory's build-time compiler) into
     * {@code target/classes}: the class {@code precompileClass}, its machine classes and a
     * stripped {@code .meta} module. Load it with {@code ProxyWasmModule.precompiled(Name.class)}:
     * no compilation at run time, the fastest start. Needs Maven on a JDK; skipped while the
     * module's content, the class name and the generated files are unchanged.
     *
     * <p>Example: {@code <precompile>true</precompile>} or {@code -Dwasm.precompile}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.precompile", defaultValue = "false")
    boolean precompile;

    /**
     * The fully qualified name of the class {@code precompile} generates [the group id as package,
     * then the artifact id in upper camel case and {@code Module}: {@code com.example.MyFilterModule}
     * for {@code com.example:my-filter}].
     *
     * <p>Example: {@code <precompileClass>com.example.filters.AddHeader</precompileClass>}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.precompileClass")
    String precompileClass;

    @Parameter(defaultValue = "${project.groupId}", readonly = true)
    String groupId;

    @Parameter(defaultValue = "${project.artifactId}", readonly = true)
    String artifactId;

    @Parameter(defaultValue = "${project.build.outputDirectory}", readonly = true)
    File classesDirectory;

    /**
     * The Node.js executable to use. When set, it is the only candidate; when not, the plugin
     * looks at {@code NODE_HOME}, {@code NVM_BIN} and then {@code PATH}, and installs {@code
     * nodeVersion} if none is at least {@code nodeMinimumVersion}.
     *
     * <p>Example: {@code -Dwasm.node=/opt/node-v20.20.2-linux-x64/bin/node}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.node")
    File node;

    /**
     * The oldest Node.js accepted from the environment.
     *
     * <p>Example: {@code <nodeMinimumVersion>20.0.0</nodeMinimumVersion>}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.nodeMinimumVersion", defaultValue = "18.0.0")
    String nodeMinimumVersion;

    /**
     * The Node.js version installed when no usable one is found. The archive is cached in the
     * local Maven repository under {@code com/github/eirslett/node/} (shared with
     * frontend-maven-plugin), so it is downloaded once.
     *
     * <p>Example: {@code <nodeVersion>v20.20.2</nodeVersion>}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.nodeVersion", defaultValue = "v20.20.2")
    String nodeVersion;

    /**
     * Where Node.js archives are downloaded from, in the nodejs.org layout ({@code
     * vX/node-vX-linux-x64.tar.gz}); point it at a mirror behind a firewall. Never used in offline
     * mode.
     *
     * <p>Example: {@code -Dwasm.nodeDownloadRoot=https://nexus.example.com/repository/nodejs/}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.nodeDownloadRoot", defaultValue = "https://nodejs.org/dist/")
    String nodeDownloadRoot;

    /**
     * Where an installed Node.js is unpacked ({@code node/node} below it).
     *
     * <p>Example: {@code <nodeInstallDirectory>${user.home}/.cache/wasm-node</nodeInstallDirectory>}
     *
     * @since 0.1.0
     */
    @Parameter(
            property = "wasm.nodeInstallDirectory",
            defaultValue = "${project.build.directory}/wasm-node")
    File nodeInstallDirectory;

    /**
     * An npm registry to use instead of the one npm is configured with ({@code .npmrc}).
     *
     * <p>Example: {@code -Dwasm.npmRegistry=https://npm.example.com/}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.npmRegistry")
    String npmRegistry;

    /** Where fingerprints of the last successful build are kept. */
    @Parameter(defaultValue = "${project.build.directory}/wasm-state", readonly = true)
    File stateDirectory;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    String pluginVersion;

    @Parameter(defaultValue = "${session}", readonly = true)
    MavenSession session;

    private final SettingsDecrypter settingsDecrypter;

    @Inject
    public BuildMojo(SettingsDecrypter settingsDecrypter) {
        this.settingsDecrypter = settingsDecrypter;
    }

    @Override
    void run(BuildLog log) {
        var base = workingDirectory.toPath();
        var out = outputFile.toPath();
        var nodeRequest =
                NodeRequest.builder(
                                nodeInstallDirectory.toPath(),
                                new File(session.getLocalRepository().getBasedir()).toPath())
                        .withExplicitNode(node == null ? null : node.toPath())
                        .withMinimumVersion(
                                NodeVersion.require(nodeMinimumVersion, "wasm.nodeMinimumVersion"))
                        .withPinnedVersion(NodeVersion.require(nodeVersion, "wasm.nodeVersion"))
                        .withDownloadRoot(nodeDownloadRoot)
                        .withOffline(session.isOffline())
                        .withProxies(proxies())
                        .withEnvironment(System.getenv())
                        .build();
        var request =
                BuildRequest.builder(nodeRequest, base, out)
                        .withEntry(entry)
                        .withDebugOutputFile(debug ? out.resolveSibling("untouched.wasm") : null)
                        .withSourceMap(sourceMap)
                        .withTextFormat(textFormat)
                        .withAscArguments(allAscArguments())
                        .withNpmRegistry(npmRegistry)
                        .withStateDirectory(stateDirectory.toPath())
                        .withPluginVersion(pluginVersion)
                        .build();
        FilterBuild.run(request, log);
        if (precompile) {
            var className =
                    precompileClass == null || precompileClass.isBlank()
                            ? Precompiler.defaultClassName(groupId, artifactId)
                            : precompileClass.strip();
            Precompiler.run(
                    new PrecompileRequest(
                            out, className, classesDirectory.toPath(), stateDirectory.toPath()),
                    log);
        }
    }

    /** The user's asc arguments, then the strip-debug-logs transform when it is on. */
    private List<String> allAscArguments() {
        var args = new ArrayList<String>(ascArguments == null ? List.of() : ascArguments);
        if (stripDebugLogs) {
            args.addAll(
                    StripDebugLogs.ascArguments(StripDebugLogs.extractTo(stateDirectory.toPath())));
        }
        return args;
    }

    /** The active proxies of settings.xml, with passwords decrypted. */
    private List<HttpProxy> proxies() {
        var settings = session.getSettings();
        var active = new ArrayList<Proxy>();
        for (var p : settings.getProxies()) {
            if (p.isActive()) {
                active.add(p);
            }
        }
        if (active.isEmpty()) {
            return List.of();
        }
        var decrypted =
                settingsDecrypter.decrypt(
                        new DefaultSettingsDecryptionRequest().setProxies(active));
        var out = new ArrayList<HttpProxy>();
        for (var p : decrypted.getProxies()) {
            out.add(
                    new HttpProxy(
                            p.getId(),
                            p.getProtocol(),
                            p.getHost(),
                            p.getPort(),
                            p.getUsername(),
                            p.getPassword(),
                            p.getNonProxyHosts()));
        }
        return out;
    }
}
