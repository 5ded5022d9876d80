/** The filter as an OCI image in Istio's compat layout: written as an image-layout archive or pushed. */
package io.github.proxywasm4j.maven.image;
