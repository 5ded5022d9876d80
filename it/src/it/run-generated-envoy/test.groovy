import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text
// The envoy.yaml that package generated, read back with no unsupported field.
assertThat(log).containsPattern('Serving the Envoy configuration .*/run-generated-envoy/target/envoy.yaml')
assertThat(log).doesNotContain('is not supported by the local proxy')
assertThat(log).contains('Listening on http://127.0.0.1:10000/ (listener main)')
assertThat(log).contains('Admin on http://127.0.0.1:9901/')
// The route goes to the admin listener, as in the seed; the filter adds its header.
assertThat(log).contains('HEAD /\nHTTP/1.1 200\n')
assertThat(log).contains('hello: what ever you want\n')
assertThat(log).contains('"HEAD / HTTP/1.1" 200 - 0 0 ')
assertThat(log).contains('"127.0.0.1:9901"')
true
