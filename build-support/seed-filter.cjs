// The seed's add_header filter has one source, the archetype's template (the parent pom's
// seed.filter.template). The SDK's and local-proxy's test builds and the benchmarks' build write it
// out with the root id the tests use and compile it with their own modules.
'use strict';
const fs = require('fs');
const path = require('path');

function writeIfChanged(file, text) {
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) {
        return false;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return true;
}

// Writes the template into `dir` as add_header.ts, with its sibling modules (helpers, the example
// callout filter, the configuration reader), only where the text changed, and returns the entry.
// A changed sibling rewrites the entry too, so the entry's time says when to compile again.
function seedFilter(template, dir) {
    const withRootId = (file) => fs.readFileSync(file, 'utf8').split('${rootId}').join('add_header');
    const templateDir = path.dirname(template);
    let siblingChanged = false;
    for (const f of fs.readdirSync(templateDir)) {
        if (f.endsWith('.ts') && path.join(templateDir, f) !== template) {
            siblingChanged = writeIfChanged(path.join(dir, f), withRootId(path.join(templateDir, f))) || siblingChanged;
        }
    }
    const file = path.join(dir, 'add_header.ts');
    if (siblingChanged) {
        fs.rmSync(file, { force: true });
    }
    writeIfChanged(file, withRootId(template));
    return file;
}

module.exports = { seedFilter };
