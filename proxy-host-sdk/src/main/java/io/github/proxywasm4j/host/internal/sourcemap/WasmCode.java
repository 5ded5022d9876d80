package io.github.proxywasm4j.host.internal.sourcemap;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The code of a decoded module as source maps see it: instruction addresses are byte offsets in
 * the module file, which is what a wasm source map's "generated column" counts.
 */
final class WasmCode {
    private final WasmModule module;
    private final int importedFunctions;

    WasmCode(WasmModule module) {
        this.module = module;
        this.importedFunctions = module.importSection().count(ExternalType.FUNCTION);
    }

    /** The instructions of a function, or an empty list for an import or an unknown index. */
    List<? extends Instruction> instructions(int functionIndex) {
        int i = functionIndex - importedFunctions;
        if (i < 0 || i >= module.codeSection().functionBodyCount()) {
            return List.of();
        }
        return module.codeSection().getFunctionBody(i).instructions();
    }

    /** The addresses of the {@code call} instructions in a function that call one of {@code callees}. */
    List<Integer> callSites(int functionIndex, List<Integer> callees) {
        var sites = new ArrayList<Integer>();
        for (var in : instructions(functionIndex)) {
            if (in.opcode() == OpCode.CALL && callees.contains((int) in.operand(0))) {
                sites.add(in.address());
            }
        }
        return sites;
    }

    /** The function indices of the imports named {@code field} (in any import module). */
    List<Integer> importsNamed(String field) {
        var out = new ArrayList<Integer>();
        int index = 0;
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            var imp = imports.getImport(i);
            if (imp instanceof FunctionImport) {
                if (imp.name().equals(field)) {
                    out.add(index);
                }
                index++;
            }
        }
        return out;
    }

    /** The map file named in the module's {@code sourceMappingURL} section, if any. */
    Optional<String> sourceMappingUrl() {
        var section = module.customSection("sourceMappingURL");
        if (!(section instanceof UnknownCustomSection unknown)) {
            return Optional.empty();
        }
        // The section's payload is a length-prefixed (LEB128) UTF-8 string.
        var bytes = unknown.bytes();
        int length = 0;
        int shift = 0;
        int pos = 0;
        int b;
        do {
            if (pos >= bytes.length) {
                return Optional.empty();
            }
            b = bytes[pos++] & 0xff;
            length |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (pos + length > bytes.length) {
            return Optional.empty();
        }
        return Optional.of(new String(bytes, pos, length, StandardCharsets.UTF_8));
    }
}
