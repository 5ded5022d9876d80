// Runs after `mvn verify` passed on the generated project (goal.txt).
def project = new File(basedir, "project/greeting-filter")

assert new File(project, "assembly/index.ts").text.contains('}, "greeting");')
def test = new File(project, "src/test/java/org/example/filters/greeting/AddHeaderFilterTest.java")
assert test.text.startsWith("package org.example.filters.greeting;")
assert test.text.contains('.withRootId("greeting")')

def report = new File(project, "target/surefire-reports/TEST-org.example.filters.greeting.AddHeaderFilterTest.xml")
assert report.isFile()
assert report.text.contains('failures="0"') && report.text.contains('errors="0"')
assert new File(project, "target/greeting-filter.wasm").isFile()
true
