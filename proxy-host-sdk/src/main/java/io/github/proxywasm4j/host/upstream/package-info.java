/** Upstreams a plugin calls out to ({@code proxy_http_call}, {@code proxy_grpc_call} / {@code proxy_grpc_stream}): stubs, the JDK client, and the request and response values. */
package io.github.proxywasm4j.host.upstream;
