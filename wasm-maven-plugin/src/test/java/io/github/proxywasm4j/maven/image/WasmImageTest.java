package io.github.proxywasm4j.maven.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.fs.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class WasmImageTest {

    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

    @TempDir Path dir;

    Path module() throws IOException {
        var bytes = new byte[20_000];
        new Random(7).nextBytes(bytes);
        System.arraycopy(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, 0, bytes, 0, 8);
        var module = dir.resolve("add-header.wasm");
        Files.write(module, bytes);
        return module;
    }

    WasmImage image(Path module, String reference) {
        return WasmImage.builder(module, reference)
                .withCacheDirectory(dir.resolve("cache"))
                .build();
    }

    @Nested
    class Archive {

        @Test
        void lastLayerShouldBeTarGzipHoldingPluginWasm() throws IOException {
            var module = module();
            var archive = dir.resolve("add-header-oci.tar");

            var result = image(module, "add-header:1.0").writeArchive(archive);

            var layout = OciLayout.ofArchive(archive);
            assertThat(new String(layout.file("oci-layout"), StandardCharsets.UTF_8))
                    .contains("\"imageLayoutVersion\"");
            assertThat(layout.manifestDigest()).isEqualTo(result.digest());
            var layer = layout.lastLayer();
            assertThat(layer.get("mediaType")).isEqualTo(LAYER_TYPE);
            var files = layout.layerFiles((String) layer.get("digest"));
            assertThat(files).containsOnlyKeys("plugin.wasm");
            assertThat(Digests.sha256Hex(files.get("plugin.wasm")))
                    .isEqualTo(Digests.sha256Hex(module));
        }

        @Test
        void shouldBeReproducible() throws IOException {
            var module = module();

            var first = image(module, "add-header:1.0").writeArchive(dir.resolve("a.tar"));
            var second = image(module, "add-header:1.0").writeArchive(dir.resolve("b.tar"));

            assertThat(second.digest()).isEqualTo(first.digest()).startsWith("sha256:");
        }

        @Test
        void shouldBeReadableBySkopeo() throws Exception {
            var archive = dir.resolve("add-header-oci.tar");
            var result = image(module(), "add-header:1.0").writeArchive(archive);

            var inspect = json(LocalRegistry.skopeo("inspect", "oci-archive:" + archive));

            assertThat(inspect.get("Digest")).isEqualTo(result.digest());
            var layout = OciLayout.ofArchive(archive);
            assertThat(inspect.get("Layers"))
                    .isEqualTo(java.util.List.of(layout.lastLayer().get("digest")));
        }

        @Test
        void historyAndLabelsShouldNameThisPluginNotJibAndCarryTheOciAnnotations()
                throws IOException {
            var archive = dir.resolve("add-header-oci.tar");
            var labels =
                    ImageLabels.builder()
                            .withTitle("add-header")
                            .withVersion("1.0")
                            .withSource("https://example.com/acme/add-header")
                            .withRevision("0123456789abcdef0123456789abcdef01234567")
                            .withCreated(java.time.Instant.parse("2026-01-02T03:04:05Z"))
                            .build();

            WasmImage.builder(module(), "add-header:1.0")
                    .withCacheDirectory(dir.resolve("cache"))
                    .withLabels(labels)
                    .build()
                    .writeArchive(archive);

            var layout = OciLayout.ofArchive(archive);
            var config =
                    layout.blobJson(
                            (String) ((Map<?, ?>) layout.manifest().get("config")).get("digest"));
            // this plugin's own name and version, from its build (target/classes)
            assertThat(ImageLabels.toolName()).isEqualTo("wasm-maven-plugin");
            assertThat(ImageLabels.toolVersion()).matches("[0-9]+\\.[0-9]+\\.[0-9]+.*");
            var tool = ImageLabels.toolName() + ":" + ImageLabels.toolVersion();
            assertThat((java.util.List<?>) config.get("history"))
                    .isNotEmpty()
                    .allSatisfy(h -> assertThat(((Map<?, ?>) h).get("created_by")).isEqualTo(tool));
            assertThat(((Map<?, ?>) config.get("config")).get("Labels"))
                    .isEqualTo(
                            Map.of(
                                    "io.github.proxywasm4j.built-by", tool,
                                    "org.opencontainers.image.title", "add-header",
                                    "org.opencontainers.image.version", "1.0",
                                    "org.opencontainers.image.source",
                                            "https://example.com/acme/add-header",
                                    "org.opencontainers.image.revision",
                                            "0123456789abcdef0123456789abcdef01234567",
                                    "org.opencontainers.image.created", "2026-01-02T03:04:05Z"));
        }

        @Test
        void labelsShouldBeLeftOutWhereUnknown() {
            assertThat(ImageLabels.builder().withSource(null).withRevision(" ").build().labels())
                    .containsOnlyKeys("io.github.proxywasm4j.built-by");
        }

        @Test
        void shouldRejectAMalformedReference() throws IOException {
            var module = module();
            assertThatThrownBy(
                            () ->
                                    image(module, "Not A Reference")
                                            .writeArchive(dir.resolve("x.tar")))
                    .isInstanceOf(WasmBuildException.class)
                    .hasMessage(
                            "'Not A Reference' is not an image reference; fix: use"
                                    + " host:port/repository:tag, e.g."
                                    + " -Dwasm.image=127.0.0.1:5000/add-header:1.0");
        }

        @Test
        void shouldNameAMissingModule() {
            var missing = dir.resolve("missing.wasm");
            assertThatThrownBy(
                            () ->
                                    image(missing, "add-header:1.0")
                                            .writeArchive(dir.resolve("x.tar")))
                    .isInstanceOf(WasmBuildException.class)
                    .hasMessage(
                            "the module "
                                    + missing
                                    + " does not exist; fix: run mvn package first (or set"
                                    + " wasm.file)");
        }
    }

    @Nested
    class PushToARealRegistry {

        static LocalRegistry registry;
        @TempDir static Path registryDir;

        @BeforeAll
        static void startRegistry() throws Exception {
            registry = LocalRegistry.start(registryDir);
        }

        @AfterAll
        static void stopRegistry() throws Exception {
            registry.close();
        }

        @Test
        void pushedImageShouldHoldPluginWasmWithTheModulesSha256() throws Exception {
            var module = module();
            var reference = registry.address() + "/filters/add-header:1.0";
            var archived = image(module, reference).writeArchive(dir.resolve("oci.tar"));

            var pushed = image(module, reference).push();

            // The registry, read by skopeo, has the very manifest written at package time.
            assertThat(pushed.digest()).isEqualTo(archived.digest());
            var inspect =
                    json(
                            LocalRegistry.skopeo(
                                    "inspect", "--tls-verify=false", "docker://" + reference));
            assertThat(inspect.get("Digest")).isEqualTo(archived.digest());
            // Pull it with skopeo into a plain OCI layout and open the last layer.
            var pulled = dir.resolve("pulled");
            LocalRegistry.skopeo(
                    "copy",
                    "--src-tls-verify=false",
                    "docker://" + reference,
                    "oci:" + pulled + ":1.0");
            var layout = OciLayout.ofDirectory(pulled);
            var layer = layout.lastLayer();
            assertThat(layer.get("mediaType")).isEqualTo(LAYER_TYPE);
            var files = layout.layerFiles((String) layer.get("digest"));
            assertThat(Digests.sha256Hex(files.get("plugin.wasm")))
                    .isEqualTo(Digests.sha256Hex(module));
        }

        @Test
        void shouldNameAnUnreachableRegistry() throws IOException {
            var module = module();
            assertThatThrownBy(() -> image(module, "127.0.0.1:1/filters/add-header:1.0").push())
                    .isInstanceOf(WasmBuildException.class)
                    .hasMessageStartingWith(
                            "cannot build or push the image 127.0.0.1:1/filters/add-header:1.0: ")
                    .hasMessageEndingWith(
                            "; fix: check that the registry is reachable and the reference is"
                                    + " right");
        }
    }

    /** wasm:push against a registry that wants a password (htpasswd), as deploy-push runs it. */
    @Nested
    class PushToARegistryWithAPassword {

        static LocalRegistry registry;
        @TempDir static Path registryDir;

        @BeforeAll
        static void startRegistry() throws Exception {
            registry = LocalRegistry.startWithPassword(registryDir, "pusher", "s3cret");
        }

        @AfterAll
        static void stopRegistry() throws Exception {
            registry.close();
        }

        String reference() {
            return registry.address() + "/filters/add-header:1.0";
        }

        @Test
        void rightCredentialsShouldPush() throws Exception {
            var pushed =
                    WasmImage.builder(module(), reference())
                            .withCacheDirectory(dir.resolve("cache"))
                            .withCredentials(registry.address(), "pusher", "s3cret")
                            .build()
                            .push();

            assertThat(pushed.reference()).isEqualTo(reference());
        }

        @Test
        void wrongCredentialsShouldBeToldApartFromNoCredentials() throws Exception {
            var module = module();
            assertThatThrownBy(
                            () ->
                                    WasmImage.builder(module, reference())
                                            .withCacheDirectory(dir.resolve("cache"))
                                            .withCredentials("my-registry", "pusher", "wrong")
                                            .build()
                                            .push())
                    .isInstanceOf(WasmBuildException.class)
                    .hasMessageStartingWith(
                            "credentials rejected for server my-registry: the registry "
                                    + registry.address()
                                    + " refused "
                                    + reference()
                                    + " with the <username> and <password> of settings.xml server"
                                    + " 'my-registry' (")
                    .hasMessageEndingWith(
                            "); fix: correct them in that <server> (or the account's rights to"
                                    + " push to this repository)");
        }

        @Test
        void noCredentialsShouldSaySoAndNameTheServerIdToAdd() throws Exception {
            var module = module();
            assertThatThrownBy(() -> image(module, reference()).push())
                    .isInstanceOf(WasmBuildException.class)
                    .hasMessage(
                            "the registry "
                                    + registry.address()
                                    + " refused "
                                    + reference()
                                    + " without credentials (no settings.xml <server> has the id "
                                    + registry.address()
                                    + "); fix: add a <server> with <id>"
                                    + registry.address()
                                    + "</id>, <username> and <password> to your settings.xml");
        }
    }

    static Map<?, ?> json(String text) {
        return (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }
}
