package dev.gatun.ffi;

import static java.lang.foreign.ValueLayout.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.gatun.ffi.dnnl.Dnnl;
import dev.gatun.ffi.dnnl.DnnlTypes;
import dev.gatun.ffi.gomp.Gomp;
import dev.gatun.ffi.openblas.Cblas;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed bindings are hand-written in jextract's shape (see native/jextract/README.md).
 * This test is what makes that safe, checking each binding from both sides:
 * <ul>
 *   <li>Java: every {@code @CSignature}'s C types, mapped through {@link CDeclarations#TYPES},
 *       give exactly the method's {@code FunctionDescriptor} and Java parameter types;
 *   <li>C: generated C assigns each real function to a pointer of the declared type and
 *       {@code _Static_assert}s every constant and struct layout, compiled against the headers
 *       shipped in the carrier jars with incompatible pointer types as errors;
 *   <li>the jextract argument files list exactly what the classes bind.
 * </ul>
 * A negative test shows the C check fails on a wrong declaration, value or layout.
 */
class BindingConformanceTest {
    /** One header and the classes bound from it. */
    record Unit(String name, List<String> includes, List<Class<?>> classes, String argsFile) {}

    static final List<Unit> UNITS = List.of(
            new Unit("cblas", List.of("<cblas.h>"), List.of(Cblas.class), "cblas.args"),
            new Unit("dnnl", List.of("\"oneapi/dnnl/dnnl.h\""), List.of(DnnlTypes.class, Dnnl.class), "dnnl.args"),
            new Unit("gomp", List.of("<omp.h>"), List.of(Gomp.class), "gomp.args"));

    @TempDir
    static Path work;
    static List<Path> includes;

    @BeforeAll
    static void extractHeaders() throws IOException {
        includes = List.of(CHeaders.extractIncludes("openblas", work), CHeaders.extractIncludes("dnnl", work));
    }

    // ------------------------------------------------------------------ Java side

    @Test
    void descriptorsMatchTheDeclaredCTypes() throws ReflectiveOperationException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Unit unit : UNITS) {
            for (Class<?> binding : unit.classes()) {
                for (CDeclarations.Function f : CDeclarations.functions(binding)) {
                    problems.addAll(mismatches(f));
                    checked++;
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked >= 90, "expected every bound function to carry @CSignature, saw " + checked);
    }

    /** Everything that differs between a function's C declaration and its Java binding. */
    static List<String> mismatches(CDeclarations.Function f) {
        List<String> out = new ArrayList<>();
        CDeclarations.Signature s = f.signature();
        if (!s.name().equals(f.method().getName())) {
            out.add(f.method() + " is annotated with the signature of " + s.name());
        }
        FunctionDescriptor expected = s.expectedDescriptor();
        if (!expected.equals(f.descriptor())) {
            out.add(s.name() + ": C declaration calls for " + expected + " but the binding uses " + f.descriptor());
        }
        Class<?>[] javaTypes = f.method().getParameterTypes();
        List<MemoryLayout> args = expected.argumentLayouts();
        if (javaTypes.length != args.size()) {
            out.add(s.name() + ": " + javaTypes.length + " Java parameters for " + args.size() + " C parameters");
        } else {
            for (int i = 0; i < javaTypes.length; i++) {
                if (javaTypes[i] != ((ValueLayout) args.get(i)).carrier()) {
                    out.add(s.name() + ": parameter " + s.params().get(i).name() + " is " + javaTypes[i] + " in Java");
                }
            }
        }
        Class<?> ret = expected.returnLayout().map(l -> ((ValueLayout) l).carrier()).orElse((Class) void.class);
        if (f.method().getReturnType() != ret) {
            out.add(s.name() + ": returns " + f.method().getReturnType() + " in Java, " + ret + " expected");
        }
        return out;
    }

    @Test
    void javaSideCatchesAWrongDescriptor() throws ReflectiveOperationException {
        var real = CDeclarations.functions(Cblas.class).stream()
                .filter(f -> f.signature().name().equals("cblas_sdot")).findFirst().orElseThrow();
        var wrong = new CDeclarations.Function(real.signature(),
                FunctionDescriptor.of(JAVA_DOUBLE, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), real.method());
        assertFalse(mismatches(wrong).isEmpty(), "a float function bound as returning double must be reported");
        assertThrows(IllegalArgumentException.class, () -> CDeclarations.layoutOf("struct unknown_t"));
    }

    @Test
    void argsFilesListExactlyWhatTheClassesBind() throws Exception {
        Path dir = Files.isDirectory(Path.of("jextract")) ? Path.of("jextract") : Path.of("native", "jextract");
        for (Unit unit : UNITS) {
            String args = Files.readString(dir.resolve(unit.argsFile()));
            Set<String> functions = new TreeSet<>();
            Set<String> constants = new TreeSet<>();
            Set<String> structs = new TreeSet<>();
            for (Class<?> binding : unit.classes()) {
                CDeclarations.functions(binding).forEach(f -> functions.add(f.signature().name()));
                constants.addAll(CDeclarations.constants(binding).keySet());
                structs.addAll(CDeclarations.structs(binding).keySet());
            }
            assertEquals(functions, listed(args, "--include-function"), unit.argsFile() + " functions");
            assertEquals(constants, listed(args, "--include-constant"), unit.argsFile() + " constants");
            assertEquals(structs, listed(args, "--include-typedef"), unit.argsFile() + " typedefs");
        }
    }

    private static Set<String> listed(String args, String option) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^" + option + "\\s+(\\w+)").matcher(args);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    // ------------------------------------------------------------------ C side

    @Test
    void headersAgreeWithTheBindings() throws Exception {
        String cc = compilerOrSkip();
        for (Unit unit : UNITS) {
            Path source = work.resolve("conformance_" + unit.name() + ".c");
            Files.writeString(source, CDeclarations.translationUnit(unit.includes(), unit.classes()));
            CHeaders.Compilation result = CHeaders.check(cc, source, includes);
            assertTrue(result.ok(), () -> unit.name() + ": the bindings disagree with the header (" + source + "):\n" + result.output());
        }
    }

    /** The C check must bite: each deliberately wrong line alone fails compilation. */
    @Test
    void compilerRejectsWrongDeclarationsValuesAndLayouts() throws Exception {
        String cc = compilerOrSkip();
        String header = "#include <stddef.h>\n#include <stdint.h>\n#include <cblas.h>\n#include \"oneapi/dnnl/dnnl.h\"\n";
        String sgemm = CDeclarations.functions(Cblas.class).stream()
                .filter(f -> f.signature().name().equals("cblas_sgemm")).findFirst().orElseThrow().signature().text();
        List<String> wrong = List.of(
                // alpha declared double: the kind of slip that corrupts every later argument register
                CDeclarations.Signature.parse(sgemm.replace("const float alpha", "const double alpha")).pointerCheck(),
                // an int where the header has an enum
                CDeclarations.Signature.parse("dnnl_status_t dnnl_memory_desc_create_with_tag(dnnl_memory_desc_t *memory_desc, "
                        + "int ndims, const dnnl_dims_t dims, dnnl_data_type_t data_type, int tag)").pointerCheck(),
                CDeclarations.constantCheck("CblasRowMajor", 102),
                CDeclarations.macroCheck("DNNL_ARG_ATTR_MULTIPLE_POST_OP", 1, 32768),
                // the pointer right after the int, without the padding C inserts
                String.join("\n", CDeclarations.structCheck("dnnl_exec_arg_t",
                        MemoryLayout.structLayout(JAVA_INT.withName("arg"), ADDRESS.withByteAlignment(4).withName("memory")))),
                CDeclarations.typeCheck("dnnl_dim_t", JAVA_INT));
        List<String> passedWrongly = new ArrayList<>();
        for (int i = 0; i < wrong.size(); i++) {
            Path source = work.resolve("wrong_" + i + ".c");
            Files.writeString(source, header + wrong.get(i) + "\n");
            if (CHeaders.check(cc, source, includes).ok()) {
                passedWrongly.add(wrong.get(i));
            }
        }
        assertEquals(List.of(), passedWrongly, "these wrong declarations compiled");
        // and the right forms of the same checks compile
        Path right = work.resolve("right.c");
        Files.writeString(right, header + CDeclarations.Signature.parse(sgemm).pointerCheck() + "\n"
                + CDeclarations.constantCheck("CblasRowMajor", Cblas.CblasRowMajor) + "\n"
                + String.join("\n", CDeclarations.structCheck("dnnl_exec_arg_t", DnnlTypes.dnnl_exec_arg_t)) + "\n");
        CHeaders.Compilation ok = CHeaders.check(cc, right, includes);
        assertTrue(ok.ok(), ok::output);
    }

    private static String compilerOrSkip() {
        StringBuilder why = new StringBuilder();
        var cc = CHeaders.compiler(why);
        org.junit.jupiter.api.Assumptions.assumeTrue(cc.isPresent(),
                "C-side binding conformance not checked: " + why + " (install gcc or set CC)");
        return cc.get();
    }
}
