"use strict";
// asc transform (assemblyscript 0.14 - 0.17): removes @solo-io/proxy-runtime's own trace/debug
// log statements, `log(LogLevelValues.debug, <message>);`, before the program is compiled.
//
// proxy-runtime 0.1.8 builds every debug message (string concatenation, toString, a UTF-8 copy
// and a proxy_log host call) whether or not anyone listens: about 90% of the instructions a
// request costs. Removing the statements drops that work; those lines are then gone even when
// the host runs at debug level. The filter's own log calls are never touched, and a statement
// is only removed when its message is built from literals, names, `+`, `.toString()`,
// `.join()` and `.keys()`, so nothing with a side effect disappears.
//
// Written by proxywasm4j's wasm-maven-plugin into the build directory and passed to asc with
// `--transform`. The .cjs extension keeps it CommonJS even in a project of "type": "module".

const RUNTIME_PREFIX = "~lib/@solo-io/proxy-runtime/";
const STRIPPED_LEVELS = new Set(["trace", "debug"]);
const PURE_METHODS = new Set(["toString", "join", "keys"]);

function loadCompiler(baseDir) {
  const paths = [baseDir, process.cwd()].filter(Boolean);
  return require(require.resolve("assemblyscript", { paths }));
}

class StripDebugLogs {
  afterParse(parser) {
    const as = loadCompiler(this.baseDir);
    const K = as.NodeKind;
    const Node = as.Node;
    let removed = 0;
    let kept = 0;

    const isIdentifier = (node, name) =>
      node && node.kind === K.IDENTIFIER && (name === undefined || node.text === name);

    const isPure = (node) => {
      if (!node) return true;
      switch (node.kind) {
        case K.LITERAL:
        case K.IDENTIFIER:
        case K.THIS:
        case K.TRUE:
        case K.FALSE:
        case K.NULL:
          return true;
        case K.PARENTHESIZED:
          return isPure(node.expression);
        case K.PROPERTYACCESS:
          return isPure(node.expression);
        case K.BINARY:
          return isPure(node.left) && isPure(node.right);
        case K.CALL:
          return (
            node.expression.kind === K.PROPERTYACCESS &&
            PURE_METHODS.has(node.expression.property.text) &&
            isPure(node.expression.expression) &&
            node.args.every(isPure)
          );
        default:
          return false;
      }
    };

    // Matches `log(LogLevelValues.debug, ...)` (also via a namespace, `x.log(...)`).
    const isDebugLog = (statement) => {
      if (!statement || statement.kind !== K.EXPRESSION) return false;
      const call = statement.expression;
      if (!call || call.kind !== K.CALL || call.args.length < 1) return false;
      const callee = call.expression;
      const named =
        isIdentifier(callee, "log") ||
        (callee.kind === K.PROPERTYACCESS && callee.property.text === "log");
      if (!named) return false;
      const level = call.args[0];
      if (
        level.kind !== K.PROPERTYACCESS ||
        !STRIPPED_LEVELS.has(level.property.text) ||
        !isIdentifier(level.expression, "LogLevelValues")
      ) {
        return false;
      }
      if (!call.args.every(isPure)) {
        kept++;
        return false;
      }
      return true;
    };

    const seen = new Set();
    const visit = (node) => {
      if (!node || typeof node !== "object" || seen.has(node)) return;
      seen.add(node);
      for (const key of Object.keys(node)) {
        if (key === "range" || key === "parent") continue;
        const value = node[key];
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            if (isDebugLog(value[i])) {
              value[i] = Node.createEmptyStatement(value[i].range);
              removed++;
            } else {
              visit(value[i]);
            }
          }
        } else if (value && typeof value === "object" && typeof value.kind === "number") {
          if (isDebugLog(value)) {
            node[key] = Node.createEmptyStatement(value.range);
            removed++;
          } else {
            visit(value);
          }
        }
      }
    };

    for (const source of parser.sources) {
      if (source.normalizedPath.startsWith(RUNTIME_PREFIX)) {
        visit(source);
      }
    }
    const note = kept > 0 ? `, kept ${kept} with a call in the message` : "";
    this.log(`strip-debug-logs: removed ${removed} proxy-runtime debug log statements${note}`);
  }
}

module.exports = StripDebugLogs;
