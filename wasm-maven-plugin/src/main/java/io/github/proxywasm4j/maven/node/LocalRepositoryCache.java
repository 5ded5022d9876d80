package io.github.proxywasm4j.maven.node;

import com.github.eirslett.maven.plugins.frontend.lib.CacheDescriptor;
import com.github.eirslett.maven.plugins.frontend.lib.CacheResolver;
import java.io.File;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Keeps downloaded Node archives in the local Maven repository, at the same place
 * frontend-maven-plugin uses ({@code com/github/eirslett/node/20.20.2/node-20.20.2-linux-x64.tar.gz}),
 * so both plugins share one download.
 */
public final class LocalRepositoryCache implements CacheResolver {
    static final String GROUP_PATH = "com/github/eirslett";

    private final Path repository;

    public LocalRepositoryCache(Path repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    @Override
    public File resolve(CacheDescriptor descriptor) {
        return path(
                        descriptor.getName(),
                        descriptor.getVersion(),
                        descriptor.getClassifier(),
                        descriptor.getExtension())
                .toFile();
    }

    /** The cached file for one archive; the version is stored without its {@code v}. */
    public Path path(String name, String version, String classifier, String extension) {
        var v = version.startsWith("v") ? version.substring(1) : version;
        var file =
                name
                        + "-"
                        + v
                        + (classifier == null || classifier.isEmpty() ? "" : "-" + classifier)
                        + "."
                        + extension;
        return repository.resolve(GROUP_PATH).resolve(name).resolve(v).resolve(file);
    }
}
