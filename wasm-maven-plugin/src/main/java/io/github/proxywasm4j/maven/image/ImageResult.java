package io.github.proxywasm4j.maven.image;

/**
 * An image that was written or pushed.
 *
 * @param reference the full image reference, e.g. {@code 127.0.0.1:5000/add-header:1.0}
 * @param digest the manifest digest, {@code sha256:<hex>}; the same for the archive and the push
 */
public record ImageResult(String reference, String digest) {

    /** The digest's hex part, as Istio's {@code sha256} field wants it. */
    public String digestHex() {
        return digest.substring(digest.indexOf(':') + 1);
    }
}
