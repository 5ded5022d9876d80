#!/usr/bin/env bash
# The main job, end to end, as a new user would do it:
#   1. build and install proxywasm4j (SDK, Maven plugin, archetype) into the local Maven repository;
#   2. generate a filter project from the archetype (the seed's add_header filter);
#   3. `mvn verify` it: npm + asc build, ABI check, JUnit tests on the embedded host, packaging;
#   4. serve it with `wasm:run` and send one `HEAD /`, like the seed's `curl -I localhost:10000/`.
# Tests of proxywasm4j itself are skipped here; `./mvnw -B install` runs them all.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)"

echo "==> Building proxywasm4j ${version} (tests skipped)"
./mvnw -B -q install -Dmaven.test.skip=true -Dinvoker.skip=true -Darchetype.test.skip=true

demo="$root/target/demo"
rm -rf "$demo" && mkdir -p "$demo" && cd "$demo"
echo "==> Generating a filter project in target/demo/my-filter"
"$root/mvnw" -B -q org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate \
    -DarchetypeGroupId=io.github.proxywasm4j \
    -DarchetypeArtifactId=proxy-wasm-filter-archetype \
    -DarchetypeVersion="$version" \
    -DgroupId=com.acme -DartifactId=my-filter
cd my-filter

echo "==> mvn verify: build, ABI check and tests of the filter"
# The image setting names the OCI image for the Istio WasmPlugin (and wasm:push); put your registry.
./mvnw -B verify -Dwasm.image=localhost:5000/filters/my-filter:1.0-SNAPSHOT

echo "==> The filter on a local listener (127.0.0.1:10000), answering HEAD / like curl -I"
./mvnw -B wasm:run -Dwasm.run.check=/

echo
echo "Module: target/demo/my-filter/target/my-filter.wasm ($(sha256sum target/my-filter.wasm | cut -c1-16)…)"
echo "Deployment files: target/demo/my-filter/target/envoy.yaml, my-filter-wasmplugin.yaml, my-filter-oci.tar"
