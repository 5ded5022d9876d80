// Runs after generation. Batch mode (-B) does not apply the validationRegex of
// archetype-metadata.xml, so the values that end up in source code are checked here.
def project = new File(request.outputDirectory, request.artifactId)
def props = request.properties

def checks = [
    [key: "rootId", regex: /[A-Za-z0-9_.\-]+/,
     example: "add_header", why: "it is written into a TypeScript and a Java string literal"],
    [key: "package", regex: /[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/,
     example: "com.acme.filters", why: "it is the Java package of the generated test"],
]
if (props.getProperty("rootId") == "ext_auth") {
    project.deleteDir()
    throw new IllegalArgumentException("Property rootId has the value 'ext_auth', the root id of the example"
            + " callout filter in assembly/ext_auth_example.ts; generate again with another, e.g. -DrootId=my_auth")
}
for (check in checks) {
    def value = props.getProperty(check.key)
    if (!(value ==~ check.regex)) {
        project.deleteDir()
        throw new IllegalArgumentException("Property " + check.key + " has an invalid value '" + value
                + "' (" + check.why + "); generate again with e.g. -D" + check.key + "=" + check.example)
    }
}

// The SDK: proxy-runtime (the default) or gcore, whose files wait in gcore/.
def sdk = props.getProperty("sdk")
if (!(sdk in ["proxy-runtime", "gcore"])) {
    project.deleteDir()
    throw new IllegalArgumentException("Property sdk has an invalid value '" + sdk
            + "'; generate again with -Dsdk=proxy-runtime (the default) or -Dsdk=gcore")
}
def variant = new File(project, "gcore")
def testDir = new File(project, "src/test/java/" + props.getProperty("package").replace('.', '/'))
if (sdk == "gcore") {
    for (name in ["package.json", "package-lock.json", "assembly/index.ts"]) {
        new File(project, name).text = new File(variant, name).text
    }
    // This SDK needs no safe.ts; the callout example is written for proxy-runtime.
    for (file in [new File(project, "assembly/safe.ts"), new File(project, "assembly/ext_auth_example.ts"),
                  new File(testDir, "CalloutExampleTest.java")]) {
        file.delete()
    }
}
variant.deleteDir()

// The test class is named after the filter: root id add_header -> AddHeaderFilterTest.
def testClass = props.getProperty("rootId").split(/[_.\-]+/).findAll { it }
        .collect { it.substring(0, 1).toUpperCase() + it.substring(1) }.join("") + "FilterTest"
if (!(testClass ==~ /[A-Za-z_].*/)) {
    testClass = "Filter" + testClass
}
if (testClass != "AddHeaderFilterTest") {
    def template = new File(testDir, "AddHeaderFilterTest.java")
    def renamed = new File(testDir, testClass + ".java")
    renamed.text = template.text.replace("AddHeaderFilterTest", testClass)
    template.delete()
    def readme = new File(project, "README.md")
    readme.text = readme.text.replace("AddHeaderFilterTest", testClass)
}

// Generation does not keep file modes, so the Maven wrapper would not run as ./mvnw.
def wrapper = new File(project, "mvnw")
if (!wrapper.setExecutable(true, false)) {
    throw new IllegalStateException("Could not make " + wrapper + " executable; run: chmod +x mvnw")
}
