package io.github.proxywasm4j.maven.deploy;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.image.ImageResult;
import io.github.proxywasm4j.maven.image.WasmImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes everything a filter ships with at {@code package}: the OCI image as an image-layout
 * archive, then the Envoy bootstrap and the Istio WasmPlugin pointing at the module and the image.
 */
public final class Shipping {

    /**
     * What was written.
     *
     * @param imageArchive the OCI image-layout archive
     * @param image the image reference and manifest digest
     * @param files the Envoy and Istio files
     */
    public record Result(Path imageArchive, ImageResult image, DeploymentFiles.Written files) {}

    private Shipping() {}

    /**
     * Writes {@code <name>-oci.tar}, {@code envoy.yaml} and {@code <name>-wasmplugin.yaml} into
     * {@code directory} for {@code deployment}, whose image reference names the archive's image.
     */
    public static Result write(Deployment deployment, String image, Path directory, BuildLog log) {
        Objects.requireNonNull(image, "image");
        var archive = files(deployment.name(), directory).get(0);
        var result =
                WasmImage.builder(deployment.module(), image)
                        .withCacheDirectory(directory.resolve("jib-cache"))
                        .withLog(log::warn)
                        .build()
                        .writeArchive(archive);
        var withImage = copyWithImage(deployment, result);
        var files = DeploymentFiles.write(withImage, directory);
        files.warnings().forEach(log::warn);
        log.info("OCI image " + result.reference() + " (" + result.digest() + ") in " + archive);
        log.info(
                "Envoy bootstrap "
                        + files.envoyYaml()
                        + ", Istio WasmPlugin "
                        + files.wasmPluginYaml());
        return new Result(archive, result, files);
    }

    /** The files {@link #write} writes: the image archive, the Envoy file, the WasmPlugin. */
    static List<Path> files(String name, Path directory) {
        var resourceName = Deployment.resourceName(name);
        return List.of(
                directory.resolve(resourceName + "-oci.tar"),
                DeploymentFiles.envoyYaml(directory),
                DeploymentFiles.wasmPluginYaml(resourceName, directory));
    }

    private static Deployment copyWithImage(Deployment d, ImageResult image) {
        var b =
                Deployment.builder(d.name(), d.module(), d.sha256())
                        .withRootId(d.rootId())
                        .withConfiguration(d.configuration())
                        .withFailurePolicy(d.failurePolicy())
                        .withListener(d.listener())
                        .withAdmin(d.admin())
                        .withImage(image.reference(), image.digest());
        d.upstream().ifPresent(b::withUpstream);
        return b.build();
    }
}
