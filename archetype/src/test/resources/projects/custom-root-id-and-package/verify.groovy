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
// The test class is named after the filter (root id greeting).
assert !new File(project, "src/test/java/org/example/filters/greeting/AddHeaderFilterTest.java").exists()
def test = new File(project, "src/test/java/org/example/filters/greeting/GreetingFilterTest.java")
assert test.text.startsWith("package org.example.filters.greeting;")
assert test.text.contains("class GreetingFilterTest {")
assert new File(project, "README.md").text.contains("GreetingFilterTest.java")
assert test.text.contains('.withRootId("greeting")')
assert new File(project, "pom.xml").text.contains("<rootId>greeting</rootId>")

def report = new File(project, "target/surefire-reports/TEST-org.example.filters.greeting.GreetingFilterTest.xml")
assert report.isFile()
assert report.text.contains('tests="4"') && report.text.contains('failures="0"') && report.text.contains('errors="0"')

// The deployment files name the root id.
assert new File(project, "target/greeting-filter.wasm").isFile()
assert new File(project, "target/envoy.yaml").text.contains('root_id: "greeting"')
assert new File(project, "target/greeting-filter-wasmplugin.yaml").text.contains('pluginName: "greeting"')
assert new File(project, "target/greeting-filter-oci.tar").isFile()

// The README's local run: wasm:run answers with the header (check mode: one HEAD, then stop;
// port 0 so that parallel builds on this machine cannot collide on 10000).
def command = ["./mvnw", "-B", "-Dstyle.color=never", "wasm:run", "-Dwasm.run.check=/", "-Dwasm.listen=127.0.0.1:0"]
if (System.getProperty("maven.repo.local")) {
    command << "-Dmaven.repo.local=" + System.getProperty("maven.repo.local")
}
def (exit, output) = run(project, command)
assert exit == 0 : output
assert output.contains("HTTP/1.1 200") && output.contains("hello: what ever you want") : output
true
