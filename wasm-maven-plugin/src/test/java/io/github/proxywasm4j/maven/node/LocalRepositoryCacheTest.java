package io.github.proxywasm4j.maven.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.eirslett.maven.plugins.frontend.lib.CacheDescriptor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalRepositoryCacheTest {
    @Test
    void shouldUseFrontendMavenPluginsLayoutWithoutTheV() {
        var cache = new LocalRepositoryCache(Path.of("/repo"));

        var file = cache.resolve(new CacheDescriptor("node", "v20.20.2", "linux-x64", "tar.gz"));

        assertThat(file.toPath())
                .isEqualTo(
                        Path.of(
                                "/repo/com/github/eirslett/node/20.20.2/node-20.20.2-linux-x64.tar.gz"));
    }

    @Test
    void shouldLeaveOutAMissingClassifier() {
        var cache = new LocalRepositoryCache(Path.of("/repo"));

        assertThat(cache.path("npm", "10.0.0", null, "tar.gz"))
                .isEqualTo(Path.of("/repo/com/github/eirslett/npm/10.0.0/npm-10.0.0.tar.gz"));
    }
}
