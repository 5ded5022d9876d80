package io.github.proxywasm4j.localproxy;

import java.util.Objects;

/**
 * A route of a virtual host: a request whose path matches goes to {@code cluster}.
 *
 * @param match the path prefix, or the exact path when {@code exact} is true
 * @param exact whether {@code match} must equal the whole path (Envoy's {@code path}) rather
 *     than start it (Envoy's {@code prefix})
 * @param cluster the name of the cluster that serves the route
 */
public record Route(String match, boolean exact, String cluster) {

    public Route {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(cluster, "cluster");
    }

    /** Routes paths starting with {@code prefix} to {@code cluster}. */
    public static Route prefix(String prefix, String cluster) {
        return new Route(prefix, false, cluster);
    }

    /** Routes exactly {@code path} (query string aside) to {@code cluster}. */
    public static Route path(String path, String cluster) {
        return new Route(path, true, cluster);
    }

    /** Whether this route serves {@code path} (without its query string). */
    public boolean matches(String path) {
        return exact ? path.equals(match) : path.startsWith(match);
    }
}
