package dev.gatun.ffi;

import static java.lang.foreign.ValueLayout.*;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a binding class declares (its {@code @CSignature} functions, constants, struct layouts)
 * and writes it back as C that the compiler checks against the real header.
 */
final class CDeclarations {
    private CDeclarations() {}

    /**
     * How each C type the bindings use is passed on LP64 (Linux, macOS): the single table both
     * halves of the check rely on. The Java half maps signatures through it; the C half asserts
     * each entry's size and type class, so the table itself cannot be wrong silently. Any pointer
     * ({@code T *}) is {@code ADDRESS} without an entry.
     */
    static final Map<String, Optional<ValueLayout>> TYPES = types();

    private static Map<String, Optional<ValueLayout>> types() {
        Map<String, Optional<ValueLayout>> t = new LinkedHashMap<>();
        t.put("void", Optional.empty());
        for (String s : List.of("int", "unsigned", "blasint", "enum CBLAS_ORDER", "enum CBLAS_TRANSPOSE", "enum CBLAS_UPLO",
                "enum CBLAS_DIAG", "enum CBLAS_SIDE", "dnnl_status_t", "dnnl_engine_kind_t", "dnnl_query_t",
                "dnnl_data_type_t", "dnnl_format_tag_t", "dnnl_prop_kind_t", "dnnl_alg_kind_t", "dnnl_rnn_direction_t",
                "dnnl_scratchpad_mode_t", "dnnl_cpu_isa_t")) {
            t.put(s, Optional.of(JAVA_INT));
        }
        for (String s : List.of("size_t", "int64_t", "dnnl_dim_t")) {
            t.put(s, Optional.of(JAVA_LONG));
        }
        t.put("char", Optional.of(JAVA_BYTE));
        t.put("float", Optional.of(JAVA_FLOAT));
        t.put("double", Optional.of(JAVA_DOUBLE));
        // Opaque handles are pointer typedefs; dnnl_dims_t is int64_t[12], which decays to a pointer as a parameter.
        for (String h : List.of("engine", "stream", "memory_desc", "memory", "primitive_desc", "primitive_attr", "post_ops", "primitive")) {
            t.put("dnnl_" + h + "_t", Optional.of(ADDRESS));
            t.put("const_dnnl_" + h + "_t", Optional.of(ADDRESS));
        }
        t.put("dnnl_dims_t", Optional.of(ADDRESS));
        return Map.copyOf(t);
    }

    // ------------------------------------------------------------------ parsing C declarations

    record Param(String type, String name) {}

    /** A parsed {@code @CSignature}: {@code ret name(type name, ...)}; {@code (void)} is no parameters. */
    record Signature(String text, String returnType, String name, List<Param> params) {
        private static final Pattern DECL = Pattern.compile("^(.*?)\\b(\\w+)\\s*\\((.*)\\)$");

        static Signature parse(String text) {
            Matcher m = DECL.matcher(text.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a C declaration: " + text);
            }
            List<Param> params = new ArrayList<>();
            String list = m.group(3).strip();
            if (!list.equals("void")) {
                for (String p : list.split(",")) {
                    // The last word is the parameter's name: signatures keep the header's names.
                    Matcher last = Pattern.compile("^(.*?)\\s*\\b(\\w+)$").matcher(p.strip());
                    if (!last.matches() || last.group(1).isBlank()) {
                        throw new IllegalArgumentException("parameter without a name in: " + text);
                    }
                    params.add(new Param(last.group(1).strip(), last.group(2)));
                }
            }
            return new Signature(text, m.group(1).strip(), m.group(2), List.copyOf(params));
        }

        /** The descriptor the C types call for, looked up in {@link #TYPES}. */
        FunctionDescriptor expectedDescriptor() {
            MemoryLayout[] args = params.stream().map(p -> layoutOf(p.type()).orElseThrow(
                    () -> new IllegalArgumentException("void parameter in " + text))).toArray(MemoryLayout[]::new);
            Optional<ValueLayout> ret = layoutOf(returnType);
            return ret.isPresent() ? FunctionDescriptor.of(ret.get(), args) : FunctionDescriptor.ofVoid(args);
        }

        /** {@code static RET (*const gatun_fn_NAME)(PARAMS) = &NAME;}: fails to compile unless the header agrees. */
        String pointerCheck() {
            String params = this.params.isEmpty() ? "void"
                    : String.join(", ", this.params.stream().map(p -> p.type() + " " + p.name()).toList());
            return "static " + returnType + " (*const gatun_fn_" + name + ")(" + params + ") = &" + name + ";";
        }
    }

    /** {@code const} dropped, spaces normalised; any pointer is {@code ADDRESS}. */
    static Optional<ValueLayout> layoutOf(String cType) {
        if (cType.contains("*")) {
            return Optional.of(ADDRESS);
        }
        String key = String.join(" ", List.of(cType.replace("const ", " ").strip().split("\\s+")));
        Optional<ValueLayout> layout = TYPES.get(key);
        if (layout == null) {
            throw new IllegalArgumentException("C type '" + cType + "' is not in CDeclarations.TYPES; add it with its layout");
        }
        return layout;
    }

    // ------------------------------------------------------------------ reading binding classes

    /** A bound function: its C declaration, the descriptor the class uses and the typed method. */
    record Function(Signature signature, FunctionDescriptor descriptor, Method method) {}

    static List<Function> functions(Class<?> binding) throws ReflectiveOperationException {
        List<Function> out = new ArrayList<>();
        for (Method m : binding.getDeclaredMethods()) {
            CSignature c = m.getAnnotation(CSignature.class);
            if (c != null) {
                Signature s = Signature.parse(c.value());
                FunctionDescriptor d = (FunctionDescriptor) binding.getMethod(m.getName() + "$descriptor").invoke(null);
                out.add(new Function(s, d, m));
            }
        }
        out.sort((a, b) -> a.signature().name().compareTo(b.signature().name()));
        return out;
    }

    /**
     * Public static final int/long fields (C enum values and integer macros) and
     * {@code MemorySegment} fields (pointer macros, by address), named as in C.
     */
    static Map<String, Long> constants(Class<?> binding) throws IllegalAccessException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Field f : binding.getDeclaredFields()) {
            if (isConstant(f) && (f.getType() == int.class || f.getType() == long.class)) {
                out.put(f.getName(), ((Number) f.get(null)).longValue());
            } else if (isConstant(f) && f.getType() == MemorySegment.class) {
                out.put(f.getName(), ((MemorySegment) f.get(null)).address());
            }
        }
        return out;
    }

    /** Public static final {@code StructLayout} fields, named after their C typedef. */
    static Map<String, StructLayout> structs(Class<?> binding) throws IllegalAccessException {
        Map<String, StructLayout> out = new LinkedHashMap<>();
        for (Field f : binding.getDeclaredFields()) {
            if (isConstant(f) && f.getType() == StructLayout.class) {
                out.put(f.getName(), (StructLayout) f.get(null));
            }
        }
        return out;
    }

    /** Upper-case static {@code int NAME(int)} methods mirror function-like macros. */
    static List<Method> functionLikeMacros(Class<?> binding) {
        return List.of(binding.getDeclaredMethods()).stream()
                .filter(m -> Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers()))
                .filter(m -> m.getName().equals(m.getName().toUpperCase(java.util.Locale.ROOT)))
                .filter(m -> m.getReturnType() == int.class && m.getParameterCount() == 1 && m.getParameterTypes()[0] == int.class)
                .toList();
    }

    private static boolean isConstant(Field f) {
        int mod = f.getModifiers();
        return Modifier.isPublic(mod) && Modifier.isStatic(mod) && Modifier.isFinal(mod);
    }

    // ------------------------------------------------------------------ writing C checks

    /**
     * Compares as {@code long long} through {@code size_t}, which takes integers and pointer macros
     * alike ({@code DNNL_MEMORY_ALLOCATE} is {@code (void *)(size_t)-1}) and keeps negative values.
     */
    static String constantCheck(String name, long value) {
        String literal = value == Long.MIN_VALUE ? "(-9223372036854775807LL - 1)" : value + "LL";
        return "_Static_assert((long long)(size_t)(" + name + ") == " + literal + ", \"" + name + " == " + value + " in Java\");";
    }

    static String macroCheck(String macro, int argument, int javaValue) {
        return "_Static_assert((long long)(" + macro + "(" + argument + ")) == " + javaValue + "LL, \"" + macro + "("
                + argument + ") == " + javaValue + " in Java\");";
    }

    /** sizeof, alignment, and every named member's offset, size and type class. */
    static List<String> structCheck(String cName, GroupLayout layout) {
        List<String> out = new ArrayList<>();
        out.add("_Static_assert(sizeof(" + cName + ") == " + layout.byteSize() + ", \"sizeof(" + cName + ")\");");
        out.add("_Static_assert(_Alignof(" + cName + ") == " + layout.byteAlignment() + ", \"_Alignof(" + cName + ")\");");
        long offset = 0;
        for (MemoryLayout member : layout.memberLayouts()) {
            if (!(member instanceof PaddingLayout) && member.name().isPresent()) {
                String m = member.name().get();
                String ref = "((" + cName + " *)0)->" + m;
                out.add("_Static_assert(offsetof(" + cName + ", " + m + ") == " + offset + ", \"offsetof(" + cName + ", " + m + ")\");");
                out.add("_Static_assert(sizeof(" + ref + ") == " + member.byteSize() + ", \"sizeof " + cName + "." + m + "\");");
                if (member instanceof ValueLayout v) {
                    out.add("_Static_assert(__builtin_classify_type(" + ref + ") == " + typeClass(v) + ", \"type class of " + cName + "." + m + "\");");
                }
            }
            offset += member.byteSize();
        }
        return out;
    }

    /**
     * Asserts a {@link #TYPES} entry: size and GCC type class (1 integer/enum, 5 pointer, 8 real).
     * {@code dnnl_dims_t} is an array: it is 12 {@code int64_t}s and decays to a pointer.
     */
    static String typeCheck(String cType, ValueLayout layout) {
        String id = "gatun_t_" + cType.replaceAll("\\W+", "_");
        return "extern " + cType + " " + id + ";\n"
                + "_Static_assert(sizeof(" + id + ") == " + (cType.equals("dnnl_dims_t") ? 8 * 12 : layout.byteSize())
                + ", \"size of " + cType + "\");\n"
                + "_Static_assert(__builtin_classify_type(" + id + ") == " + typeClass(layout) + ", \"" + cType
                + " is passed as " + layout + "\");";
    }

    private static int typeClass(ValueLayout layout) {
        Class<?> c = layout.carrier();
        return c == float.class || c == double.class ? 8 : layout instanceof AddressLayout ? 5 : 1;
    }

    /**
     * One C translation unit checking everything {@code classes} declare: function pointers,
     * constants, macros, structs, and the {@link #TYPES} entries their signatures use.
     */
    static String translationUnit(List<String> includes, List<Class<?>> classes) throws ReflectiveOperationException {
        StringBuilder c = new StringBuilder("/* Generated by BindingConformanceTest from the Java bindings. */\n");
        c.append("#include <stddef.h>\n#include <stdint.h>\n");
        for (String include : includes) {
            c.append("#include ").append(include).append('\n');
        }
        Map<String, ValueLayout> usedTypes = new LinkedHashMap<>();
        for (Class<?> binding : classes) {
            c.append("\n/* ").append(binding.getName()).append(" */\n");
            for (Function f : functions(binding)) {
                c.append(f.signature().pointerCheck()).append('\n');
                List<String> types = new ArrayList<>(f.signature().params().stream().map(Param::type).toList());
                types.add(f.signature().returnType());
                for (String t : types) {
                    String key = t.replace("const ", " ").strip();
                    if (!t.contains("*") && !key.equals("void")) {
                        usedTypes.put(key, layoutOf(t).orElseThrow());
                    }
                }
            }
            for (Map.Entry<String, Long> e : constants(binding).entrySet()) {
                c.append(constantCheck(e.getKey(), e.getValue())).append('\n');
            }
            for (Method macro : functionLikeMacros(binding)) {
                for (int i = 0; i < 4; i++) {
                    c.append(macroCheck(macro.getName(), i, (int) macro.invoke(null, i))).append('\n');
                }
            }
            for (Map.Entry<String, StructLayout> e : structs(binding).entrySet()) {
                c.append(String.join("\n", structCheck(e.getKey(), e.getValue()))).append('\n');
            }
        }
        c.append("\n/* The C type table (CDeclarations.TYPES) entries used above */\n");
        usedTypes.forEach((type, layout) -> c.append(typeCheck(type, layout)).append('\n'));
        return c.toString();
    }
}
