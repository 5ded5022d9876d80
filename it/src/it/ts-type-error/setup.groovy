import io.github.proxywasm4j.it.ItSupport

// The seed's add_header filter (the archetype's template) with one mistake put in after the line
// that reads the root context; the line the mistake lands on is kept for test.groovy.
ItSupport.copySeedFilter(basedir.toPath())
def source = new File(basedir, 'assembly/index.ts')
def lines = source.readLines()
def anchor = lines.findIndexOf { it.trim() == 'const root = this.root_context as AddHeaderRoot;' }
assert anchor >= 0 : 'the template no longer reads its root context in onResponseHeaders'
lines.addAll(anchor + 1, ['    // The mistake this case is about: a string where an i32 is declared.',
                          '    const status: i32 = "200";'])
source.text = lines.join('\n') + '\n'
new File(basedir, 'mistake-line.txt').text = String.valueOf(anchor + 3)
true
