import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text
def count = { String s -> log.count(s) }

// Whether invoker keeps both builds in build.log or only the last, the second build must be the
// one-line "up to date" build: exactly one npm run and one asc run overall, and one skip line.
assertThat(count('Running npm ci in')).isLessThanOrEqualTo(1)
assertThat(count('Compiling assembly/index.ts with asc')).isLessThanOrEqualTo(1)
assertThat(count('is up to date (inputs unchanged, fingerprint ')).isEqualTo(1)
assertThat(log.substring(log.lastIndexOf('is up to date'))).doesNotContain('Running npm', 'Compiling assembly')
// The package step of the second build writes nothing either: one skip line, no image rebuilt.
assertThat(count('Package outputs in ')).isEqualTo(1)
assertThat(count('are up to date (module and settings unchanged, fingerprint ')).isEqualTo(1)
assertThat(count('OCI image ')).isLessThanOrEqualTo(1)
assertThat(log.substring(log.lastIndexOf('are up to date (module'))).doesNotContain('Packaged ', 'OCI image ', 'Envoy bootstrap ')
assertThat(basedir.toPath().resolve('target/add-header-unchanged.wasm')).isRegularFile()
assertThat(basedir.toPath().resolve('target/add-header-unchanged-oci.tar')).isRegularFile()
assertThat(basedir.toPath().resolve('target/envoy.yaml')).isRegularFile()
true
