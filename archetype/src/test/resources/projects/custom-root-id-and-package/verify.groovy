// Runs after `mvn verify` passed on the generated project (goal.txt).
import java.util.concurrent.TimeUnit

def project = new File(basedir, "project/greeting-filter")

// Output goes to a file, so that a hanging command hits the timeout instead of a blocked read.
def run(File dir, List<String> command) {
    def log = File.createTempFile("command-", ".log", dir.parentFile)
    def process = new ProcessBuilder(command).directory(dir).redirectErrorStream(true)
            .redirectOutput(log).start()
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly()
        throw new AssertionError("timed out after 10 minutes: " + command.join(" ") + "\n" + log.text)
    }
    return [process.exitValue(), log.text]
}

// The root id and the package reach the filter, the test and the plugin configuration.
assert new File(project, "assembly/index.ts").text.contains('}, "greeting");')
def test = new File(project, "src/test/java/org/example/filters/greeting/AddHeaderFilterTest.java")
assert test.text.startsWith("package org.example.filters.greeting;")
assert test.text.contains('.withRootId("greeting")')
assert new File(project, "pom.xml").text.contains("<rootId>greeting</rootId>")

def report = new File(project, "target/surefire-reports/TEST-org.example.filters.greeting.AddHeaderFilterTest.xml")
assert report.isFile()
assert report.text.contains('tests="3"') && report.text.contains('failures="0"') && report.text.contains('errors="0"')

// The deployment files name the root id. Without an image setting there is no WasmPlugin: its
// url would have no registry host, which istiod cannot read.
assert new File(project, "target/greeting-filter.wasm").isFile()
def envoy = new File(project, "target/envoy.yaml")
assert envoy.text.contains('root_id: "greeting"')
// the pom's JSON object, as istiod would hand it to the filter
assert envoy.text.contains('value: "{\\"value\\":\\"what ever you want\\"}"') : envoy.text
assert !new File(project, "target/greeting-filter-wasmplugin.yaml").exists()
assert new File(project, "target/greeting-filter-oci.tar").isFile()

def mvnw = ["./mvnw", "-B", "-Dstyle.color=never"]
if (System.getProperty("maven.repo.local")) {
    mvnw << "-Dmaven.repo.local=" + System.getProperty("maven.repo.local")
}
// With the one image setting: a WasmPlugin istiod can convert, with the same configuration.
def (packageExit, packageOutput) = run(project, mvnw + ["package", "-Dwasm.image=localhost:5000/filters/greeting-filter:2.3.0"])
assert packageExit == 0 : packageOutput
def plugin = new File(project, "target/greeting-filter-wasmplugin.yaml").text
assert plugin.contains('url: "oci://localhost:5000/filters/greeting-filter:2.3.0"') : plugin
assert plugin.contains('pluginName: "greeting"') : plugin
assert plugin.contains('pluginConfig:\n    value: "what ever you want"\n') : plugin

// The README's local run: wasm:run answers with the header (check mode: one HEAD, then stop;
// port 0 so that parallel builds on this machine cannot collide on 10000).
def command = mvnw + ["wasm:run", "-Dwasm.run.check=/", "-Dwasm.listen=127.0.0.1:0"]
def (exit, output) = run(project, command)
assert exit == 0 : output
assert output.contains("HTTP/1.1 200") && output.contains("hello: what ever you want") : output
true
