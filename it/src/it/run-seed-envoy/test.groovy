import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text
// The seed's own 2020 file: v2 names, `config: config:`, envoy.router, hosts:, admin on 8001.
assertThat(log).containsPattern('Serving the Envoy configuration .*/run-seed-envoy/envoy.yaml')
assertThat(log).doesNotContain('is not supported by the local proxy')
assertThat(log).contains('Listening on http://0.0.0.0:8080/ (listener main)')
assertThat(log).contains('Admin on http://0.0.0.0:8001/')
// curl -I localhost:8080/ -> the admin port answers, the filter adds `hello: what ever you want`.
assertThat(log).contains('HEAD /\nHTTP/1.1 200\n')
assertThat(log).contains('hello: what ever you want\n')
assertThat(log).contains('"127.0.0.1:8001"')
true
