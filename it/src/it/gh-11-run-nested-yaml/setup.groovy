// 100,000 nested [ (the file of issue 11), written here rather than kept in the repository.
new File(basedir, 'deep.yaml').text = '[' * 100_000
true
