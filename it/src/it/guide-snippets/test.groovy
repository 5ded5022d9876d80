import static org.assertj.core.api.Assertions.assertThat

// Every test class the guide holds ran, and none failed (a failure fails the build before this).
def classes = new File(basedir, "guide-tests.txt").readLines()
assertThat(classes).hasSizeGreaterThanOrEqualTo(10)
for (name in classes) {
    def report = new File(basedir, "target/surefire-reports/TEST-guide." + name + ".xml")
    assertThat(report).as(name).isFile()
    def text = report.text
    assertThat(text).as(name).doesNotContain('tests="0"').contains('failures="0"').contains('errors="0"').contains('skipped="0"')
}
true
