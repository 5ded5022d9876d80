import io.github.proxywasm4j.it.ItSupport

// The seed's add_header filter (src/filters/add-header) with one mistake put in at line 41.
ItSupport.copySeedFilter(basedir.toPath())
def source = new File(basedir, 'assembly/index.ts')
def lines = source.readLines()
assert lines[38].trim() == 'const root = this.root_context as AddHeaderRoot;'
lines.addAll(39, ['    // The mistake this case is about: a string where an i32 is declared.',
                  '    const status: i32 = "200";'])
source.text = lines.join('\n') + '\n'
true
