import static org.assertj.core.api.Assertions.assertThat

def log = new File(basedir, 'build.log').text

assertThat(log).contains('wasm:build')
assertThat(log).contains('Compiles the AssemblyScript filter to a Proxy-Wasm module')
// Every parameter with its user property.
['wasm.entry', 'wasm.outputFile', 'wasm.debug', 'wasm.sourceMap', 'wasm.textFormat', 'wasm.ascArguments',
 'wasm.node', 'wasm.nodeVersion', 'wasm.nodeMinimumVersion', 'wasm.nodeDownloadRoot',
 'wasm.nodeInstallDirectory', 'wasm.npmRegistry', 'wasm.skip', 'wasm.workingDirectory'].each {
    assertThat(log).contains("User property: ${it}".toString())
}
true
