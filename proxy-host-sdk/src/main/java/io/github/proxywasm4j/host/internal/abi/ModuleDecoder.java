package io.github.proxywasm4j.host.internal.abi;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.Section;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * Decodes and validates a module with Chicory, with or without the SHA-256 digest that Chicory's
 * {@code Parser.parse} always computes. Only the compile cache needs the digest, and in a fresh
 * JVM the first SHA-256 costs tens of milliseconds of security-provider start-up.
 */
public final class ModuleDecoder {
    private ModuleDecoder() {}

    /** Decodes and validates {@code wasm}; {@code withDigest} adds Chicory's module digest. */
    public static WasmModule decode(byte[] wasm, boolean withDigest) {
        if (withDigest) {
            return Parser.parse(wasm);
        }
        return decode(new ByteArrayInputStream(wasm));
    }

    /** Decodes and validates a module from {@code in}, without a digest. */
    public static WasmModule decode(InputStream in) {
        var module = WasmModule.builder();
        Parser.builder().build().parse(in, section -> add(module, section));
        return module.build();
    }

    private static void add(WasmModule.Builder module, Section section) {
        switch (section.sectionId()) {
            case SectionId.CUSTOM:
                var custom = (CustomSection) section;
                module.addCustomSection(custom.name(), custom);
                break;
            case SectionId.TYPE:
                module.setTypeSection((TypeSection) section);
                break;
            case SectionId.IMPORT:
                module.setImportSection((ImportSection) section);
                break;
            case SectionId.FUNCTION:
                module.setFunctionSection((FunctionSection) section);
                break;
            case SectionId.TABLE:
                module.setTableSection((TableSection) section);
                break;
            case SectionId.MEMORY:
                module.setMemorySection((MemorySection) section);
                break;
            case SectionId.GLOBAL:
                module.setGlobalSection((GlobalSection) section);
                break;
            case SectionId.EXPORT:
                module.setExportSection((ExportSection) section);
                break;
            case SectionId.START:
                module.setStartSection((StartSection) section);
                break;
            case SectionId.ELEMENT:
                module.setElementSection((ElementSection) section);
                break;
            case SectionId.CODE:
                module.setCodeSection((CodeSection) section);
                break;
            case SectionId.DATA:
                module.setDataSection((DataSection) section);
                break;
            case SectionId.DATA_COUNT:
                module.setDataCountSection((DataCountSection) section);
                break;
            case SectionId.TAG:
                module.setTagSection((TagSection) section);
                break;
            default:
                module.addIgnoredSection(section.sectionId());
                break;
        }
    }
}
