// Runs after `mvn verify` passed, with no edit, on a project generated with -Dsdk=gcore (issue 13).
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.util.concurrent.TimeUnit

def project = new File(basedir, "project/gcore-filter")

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

// 1. The gcore SDK, asc 0.28 and the WASI shim, pinned exactly, with a lock for them.
def pkg = new File(project, "package.json").text
assert pkg.contains('"@gcoredev/proxy-wasm-sdk-as": "1.2.3"') : pkg
assert pkg.contains('"assemblyscript": "0.28.20"') : pkg
assert pkg.contains('"@assemblyscript/wasi-shim": "0.1.0"') : pkg
assert !pkg.contains("proxy-runtime") : pkg
def lock = new File(project, "package-lock.json").text
assert lock.contains('"name": "gcore-filter"') && lock.contains('"node_modules/@gcoredev/proxy-wasm-sdk-as"')
def index = new File(project, "assembly/index.ts")
assert index.text.contains('from "@gcoredev/proxy-wasm-sdk-as/assembly"') && index.text.contains('}, "add_header");')
// The proxy-runtime workarounds and example are not part of this variant; nothing is left over.
assert !new File(project, "assembly/safe.ts").exists()
assert !new File(project, "assembly/ext_auth_example.ts").exists()
assert !new File(project, "src/test/java/com/acme/CalloutExampleTest.java").exists()
assert !new File(project, "gcore").exists()
assert new File(project, "README.md").text.contains("@gcoredev/proxy-wasm-sdk-as` 1.2.3")

// 2. The module has the WASI-shim shape: WASI from wasi_snapshot_preview1 and a _start export.
def wasm = new String(Files.readAllBytes(new File(project, "target/gcore-filter.wasm").toPath()), StandardCharsets.ISO_8859_1)
assert wasm.contains("wasi_snapshot_preview1") && wasm.contains("_start") && wasm.contains("proxy_abi_version_0_2_1")
def report = new File(project, "target/surefire-reports/TEST-com.acme.AddHeaderFilterTest.xml")
assert report.isFile()
assert report.text.contains('tests="4"') && report.text.contains('failures="0"') && report.text.contains('errors="0"')

// 3. The generated test catches a broken filter: rename the header and verify must fail.
def mvnw = ["./mvnw", "-B", "-Dstyle.color=never"]
if (System.getProperty("maven.repo.local")) {
    mvnw << "-Dmaven.repo.local=" + System.getProperty("maven.repo.local")
}
def original = index.text
index.text = original.replace('.add("hello", ', '.add("hullo", ')
assert index.text != original
try {
    def (mvnExit, mvnOutput) = run(project, mvnw + ["verify"])
    assert mvnExit != 0 : "verify passed with the header renamed:\n" + mvnOutput
    assert mvnOutput.contains("Tests run: 4, Failures: 2") : mvnOutput
} finally {
    index.text = original
}
true
