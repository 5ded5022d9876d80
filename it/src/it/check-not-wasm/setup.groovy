// A text file that only looks like a module by its name.
new File(basedir, 'not-a-module.wasm').text = 'hello, this is not a module\n'
true
