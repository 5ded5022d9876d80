// Runs after `mvn verify` passed on the generated project (goal.txt).
import java.nio.file.Files
import java.util.concurrent.TimeUnit

def project = new File(basedir, "project/my-filter")

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

// 1. What generation wrote.
def index = new File(project, "assembly/index.ts")
assert index.text.contains('}, "add_header");')
def test = new File(project, "src/test/java/com/acme/AddHeaderFilterTest.java")
assert test.text.startsWith("package com.acme;")
assert test.text.contains('.withRootId("add_header")')
assert new File(project, ".gitignore").text.contains("node_modules/")
assert new File(project, "mvnw").canExecute()
// Maven's own JVM on the quick JIT tier; no comment lines, which Maven 3.8 would pass to java.
// The ./mvnw runs below start with it, so a bad option fails them.
def jvmConfig = new File(project, ".mvn/jvm.config").text
assert jvmConfig.contains("-XX:TieredStopAtLevel=1") : jvmConfig
assert !jvmConfig.contains("#") : jvmConfig
def pom = new File(project, "pom.xml").text
assert pom.contains("<packaging>wasm</packaging>")
assert !pom.contains('${wasmPluginVersion}')
def lock = new File(project, "package-lock.json").text
assert lock.contains('"name": "my-filter"')
assert !(lock =~ /(?m)"resolved": "file:|"\/(home|root|tmp|Users)\//)

// 2. What `mvn verify` wrote.
def artifact = new File(project, "target/my-filter.wasm")
assert artifact.isFile()
def built = new File(project, "target/wasm/optimized.wasm")
assert Arrays.equals(Files.readAllBytes(built.toPath()), Files.readAllBytes(artifact.toPath()))
def report = new File(project, "target/surefire-reports/TEST-com.acme.AddHeaderFilterTest.xml")
assert report.isFile()
assert report.text.contains('tests="4"') && report.text.contains('failures="0"')
// The example callout test: a held stub, a timeout on the virtual clock, a failure.
def calloutReport = new File(project, "target/surefire-reports/TEST-com.acme.CalloutExampleTest.xml")
assert calloutReport.isFile()
assert calloutReport.text.contains('tests="5"') && calloutReport.text.contains('failures="0"') && calloutReport.text.contains('errors="0"')
// The author's guide and the safe helpers it uses.
assert new File(project, "GUIDE.md").text.contains("Known SDK bugs and their workarounds")
assert new File(project, "assembly/safe.ts").text.contains("export function pluginConfiguration(")
// The tests left the module's compiled classes in the compile cache for the next run.
def cacheEntries = new File(project, "target/proxywasm4j/compile-cache")
        .listFiles({ f -> f.name.endsWith(".jar") } as FileFilter)
assert cacheEntries != null && cacheEntries.length == 1 : "compile cache: " + cacheEntries

// 3. `npm run asbuild:optimized` writes the module `mvn package` wrote, byte for byte.
def (npmExit, npmOutput) = run(project, ["npm", "run", "asbuild:optimized"])
assert npmExit == 0 : npmOutput
def npmBuilt = new File(project, "build/optimized.wasm")
assert npmBuilt.isFile() : npmOutput
assert Arrays.equals(Files.readAllBytes(npmBuilt.toPath()), Files.readAllBytes(artifact.toPath())) :
        "npm run asbuild:optimized wrote " + npmBuilt.length() + " bytes, mvn package " + artifact.length()

// The same for the debug build: asbuild:untouched and the plugin's -Dwasm.debug variant.
def mvnw = ["./mvnw", "-B", "-Dstyle.color=never"]
if (System.getProperty("maven.repo.local")) {
    mvnw << "-Dmaven.repo.local=" + System.getProperty("maven.repo.local")
}
def (debugExit, debugOutput) = run(project, mvnw + ["-Dwasm.debug", "compile"])
assert debugExit == 0 : debugOutput
def (untouchedExit, untouchedOutput) = run(project, ["npm", "run", "asbuild:untouched"])
assert untouchedExit == 0 : untouchedOutput
def mavenDebug = new File(project, "target/wasm/untouched.wasm")
def npmDebug = new File(project, "build/untouched.wasm")
assert mavenDebug.isFile() && npmDebug.isFile()
assert Arrays.equals(Files.readAllBytes(npmDebug.toPath()), Files.readAllBytes(mavenDebug.toPath())) :
        "npm run asbuild:untouched wrote " + npmDebug.length() + " bytes, mvn -Dwasm.debug " + mavenDebug.length()

// 4. The generated test catches a broken filter: rename the header and verify must fail.
// Run with the project's own wrapper, as its README says.
def original = index.text
index.text = original.replace('.add("hello", ', '.add("hullo", ')
assert index.text != original
try {
    def (mvnExit, mvnOutput) = run(project, mvnw + ["-V", "verify"])
    assert mvnExit != 0 : "verify passed with the header renamed:\n" + mvnOutput
    assert mvnOutput.contains("Apache Maven 3.9.16") : mvnOutput
    assert mvnOutput.contains("AddHeaderFilterTest") && mvnOutput.contains("Tests run: 4, Failures: 2") : mvnOutput
} finally {
    index.text = original
}

// 5. A trap in the author's code (an array index out of range) fails the test with the line in
// assembly/index.ts, from the source map asc wrote beside the module (issue 13).
def anchor = '    if (root.configuration == "") {'
assert original.contains(anchor)
def trapping = original.replace(anchor, '    const words = root.configuration.split(" ");\n'
        + '    stream_context.headers.response.add("x-word", words[7]);\n' + anchor)
def trapLine = trapping.readLines().findIndexOf { it.contains('words[7]') } + 1
index.text = trapping
try {
    def (mvnExit, mvnOutput) = run(project, mvnw + ["verify"])
    assert mvnExit != 0 : "verify passed with an index out of range:\n" + mvnOutput
    assert mvnOutput.contains("at assembly/index.ts:" + trapLine + ":") : "no assembly/index.ts:" + trapLine + " in:\n" + mvnOutput
    assert mvnOutput.contains("Index out of range") : mvnOutput
} finally {
    index.text = original
}
true
