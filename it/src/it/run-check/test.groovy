import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text
// wasm:run served the packaged filter; its check request is `curl -I` against the listener.
assertThat(log).containsPattern('Listening on http://127\\.0\\.0\\.1:[0-9]+/ \\(listener main\\)')
assertThat(log).contains('HEAD /\nHTTP/1.1 200\n')
assertThat(log).contains('hello: what ever you want\n')
// One access log line for the request.
assertThat(log).containsPattern('\\[INFO\\] \\[[0-9T:.-]+Z\\] "HEAD / HTTP/1.1" 200 - 0 0 [0-9]+ ')
true
