import io.github.proxywasm4j.it.GuideSnippets
import io.github.proxywasm4j.it.ItSupport

// package.json and package-lock.json of the seed (the same pins as the archetype); the guide's
// filters become assembly/*.ts and its tests src/test/java/guide/*.java.
def classes = GuideSnippets.writeProject(basedir.toPath())
new File(basedir, "guide-tests.txt").text = classes.join("\n")
ItSupport.copySeedFilter(basedir.toPath())
true
