package io.github.proxywasm4j.maven.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.github.proxywasm4j.maven.WasmBuildException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The image reference of {@code -Dwasm.image} ({@code <image>}): {@code REGISTRY/REPOSITORY:TAG}
 * with a registry host, so that {@code oci://} + it is a URL istiod converts.
 *
 * <p>istiod parses the WasmPlugin {@code url} with Go's {@code url.Parse} (istio/istio {@code
 * pilot/pkg/model/extensions.go}). That takes everything before the first {@code /} as the host,
 * and whatever follows its last {@code :} must be a numeric port: {@code
 * oci://my-filter:1.0-SNAPSHOT} fails, istiod logs a warning and drops the plugin, while {@code
 * kubectl apply} succeeds. So the first component must be a registry: a name with a dot, {@code
 * localhost} or an IPv4 address, with an optional numeric port (image references have no IPv6
 * form).
 */
public final class ImageName {

    /** The example every message shows. */
    public static final String EXAMPLE = "registry.example.com/filters/my-filter:1.0";

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern NAME_WITH_DOT = Pattern.compile(LABEL + "(?:\\." + LABEL + ")+");

    private final String reference;
    private final String registry;

    private ImageName(String reference, String registry) {
        this.reference = reference;
        this.registry = registry;
    }

    /**
     * Checks {@code reference}; {@code setting} names where it came from in the message (e.g.
     * {@code -Dwasm.image}).
     *
     * @throws WasmBuildException with the fix when the reference has no registry host or is not
     *     an image reference
     */
    public static ImageName parse(String reference, String setting) {
        Objects.requireNonNull(reference, "reference");
        var value = reference.strip();
        var slash = value.indexOf('/');
        var registry = slash < 0 ? "" : value.substring(0, slash);
        var problem = registryProblem(registry);
        if (problem != null) {
            throw new WasmBuildException(
                    "the image '"
                            + value
                            + "' "
                            + problem
                            + ", and istiod drops a WasmPlugin whose url oci://"
                            + value
                            + " Go's url.Parse cannot read (everything before the first '/' is"
                            + " the host, and what follows its last ':' must be a numeric port);"
                            + " fix: set "
                            + setting
                            + " to REGISTRY/REPOSITORY:TAG with a registry host (a name with a"
                            + " dot, localhost or an IP, and an optional numeric port), e.g. "
                            + setting
                            + "="
                            + EXAMPLE);
        }
        try {
            ImageReference.parse(value);
        } catch (InvalidImageReferenceException e) {
            throw new WasmBuildException(
                    "'"
                            + value
                            + "' is not an image reference; fix: set "
                            + setting
                            + " to REGISTRY/REPOSITORY:TAG, e.g. "
                            + setting
                            + "="
                            + EXAMPLE,
                    e);
        }
        return new ImageName(value, registry);
    }

    // null when the registry is one istiod and every OCI client read as a host
    static String registryProblem(String registry) {
        if (registry.isEmpty()) {
            return "names no registry host";
        }
        var host = registry;
        var colon = registry.lastIndexOf(':');
        if (colon >= 0 && !registry.endsWith("]")) {
            var port = registry.substring(colon + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
                return "has ':" + port + "' after its registry host, which is not a numeric port";
            }
            host = registry.substring(0, colon);
        }
        if (host.equals("localhost") || NAME_WITH_DOT.matcher(host).matches()) {
            return null;
        }
        return "starts with '" + registry + "', which is not a registry host";
    }

    /** The reference, e.g. {@code registry.example.com/filters/my-filter:1.0}. */
    public String reference() {
        return reference;
    }

    /** The registry, {@code host} or {@code host:port}: the id of its settings.xml server. */
    public String registry() {
        return registry;
    }

    /** The WasmPlugin url: {@code oci://} and the reference. */
    public String ociUrl() {
        return "oci://" + reference;
    }

    @Override
    public String toString() {
        return reference;
    }
}
