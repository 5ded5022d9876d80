package io.github.proxywasm4j.maven.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.maven.WasmBuildException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every image the plugin accepts makes a WasmPlugin url that Go's url.Parse reads. */
class ImageNameTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "registry.example.com/filters/my-filter:1.0",
                "registry.example.com/my-filter:1.0-SNAPSHOT",
                "127.0.0.1:5000/add-header:1.0",
                "localhost:5000/my-filter:latest",
                "localhost/my-filter:latest",
                "ghcr.io/acme/filters/my-filter:1.0.0",
                "registry.example.com:443/my-filter@sha256:"
                        + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            })
    void anAcceptedImageShouldMakeAUrlGoParsesWithTheRegistryAsHost(String image) {
        var name = ImageName.parse(image, "-Dwasm.image");

        var url = GoUrl.parse(name.ociUrl());

        assertThat(url.scheme()).isEqualTo("oci");
        assertThat(url.host()).isEqualTo(name.registry());
        assertThat(url.path()).startsWith("/").hasSizeGreaterThan(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "my-filter:1.0-SNAPSHOT",
                "my-filter:latest",
                "my-filter",
                "acme/my-filter:1.0",
                "registry:5000/my-filter:1.0",
                "registry.example.com:http/my-filter:1.0",
                "registry.example.com:99999/my-filter:1.0",
                "-bad-.example.com/my-filter:1.0",
            })
    void anImageWithoutARegistryHostShouldBeRefusedWithTheFix(String image) {
        assertThatThrownBy(() -> ImageName.parse(image, "-Dwasm.image"))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith("the image '" + image + "' ")
                .hasMessageEndingWith(
                        "fix: set -Dwasm.image to REGISTRY/REPOSITORY:TAG with a registry host (a"
                                + " name with a dot, localhost or an IP, and an optional numeric"
                                + " port), e.g."
                                + " -Dwasm.image=registry.example.com/filters/my-filter:1.0");
    }

    @Test
    void theDefaultOfBeforeShouldBeWhatGoRefuses() {
        // what package named the image by default: <artifactId>:<version>
        assertThatThrownBy(() -> GoUrl.parse("oci://my-filter:1.0-SNAPSHOT"))
                .hasMessage("invalid port \":1.0-SNAPSHOT\" after host");
        assertThatThrownBy(() -> GoUrl.parse("oci://my-filter:latest"))
                .hasMessage("invalid port \":latest\" after host");
        assertThatThrownBy(() -> ImageName.parse("my-filter:1.0-SNAPSHOT", "-Dwasm.image"))
                .hasMessage(
                        "the image 'my-filter:1.0-SNAPSHOT' names no registry host, and istiod"
                                + " drops a WasmPlugin whose url oci://my-filter:1.0-SNAPSHOT Go's"
                                + " url.Parse cannot read (everything before the first '/' is the"
                                + " host, and what follows its last ':' must be a numeric port);"
                                + " fix: set -Dwasm.image to REGISTRY/REPOSITORY:TAG with a"
                                + " registry host (a name with a dot, localhost or an IP, and an"
                                + " optional numeric port), e.g."
                                + " -Dwasm.image=registry.example.com/filters/my-filter:1.0");
    }

    @Test
    void aRegistryWithAMalformedRepositoryShouldBeRefused() {
        assertThatThrownBy(() -> ImageName.parse("127.0.0.1:5000/Not A Repo:1", "-Dwasm.image"))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith("'127.0.0.1:5000/Not A Repo:1' is not an image reference");
    }
}
