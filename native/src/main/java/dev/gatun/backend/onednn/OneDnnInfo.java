package dev.gatun.backend.onednn;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.gatun.ffi.NativeVersions;
import dev.gatun.ffi.dnnl.Dnnl;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;

/** What the loaded oneDNN says about itself; each call throws with the loader's reason when it is absent. */
public final class OneDnnInfo {
    private OneDnnInfo() {}

    /** {@code 3.13.0 (hash)}. */
    public static String version() {
        return NativeVersions.dnnl();
    }

    /** {@code 3.13.0}, without the hash. */
    public static String shortVersion() {
        String v = version();
        int space = v.indexOf(' ');
        return space < 0 ? v : v.substring(0, space);
    }

    /**
     * Whether the CPU has bf16 dot-product instructions oneDNN uses (AVX-512 BF16, AMX): then its
     * bf16 kernels do bf16 arithmetic; elsewhere they emulate it, slower than float32. (The ISA
     * values are bit sets: a later ISA holds every bit of an earlier one.)
     */
    public static boolean hasBf16Instructions() {
        int isa = Dnnl.dnnl_get_effective_cpu_isa();
        return (isa & Dnnl.dnnl_cpu_isa_avx512_core_bf16) == Dnnl.dnnl_cpu_isa_avx512_core_bf16;
    }

    /**
     * Whether the CPU has the int8 dot-product instructions (AVX-512 VNNI, or AVX-VNNI on AVX2
     * cores) that oneDNN's int8 kernels use; without them it multiplies bytes in two steps
     * ({@code vpmaddubsw}, {@code vpmaddwd}), slower, with the same results.
     */
    public static boolean hasVnni() {
        int isa = Dnnl.dnnl_get_effective_cpu_isa();
        return (isa & Dnnl.dnnl_cpu_isa_avx512_core_vnni) == Dnnl.dnnl_cpu_isa_avx512_core_vnni
                || (isa & Dnnl.dnnl_cpu_isa_avx2_vnni) == Dnnl.dnnl_cpu_isa_avx2_vnni;
    }

    /** The instruction set oneDNN's JIT generates code for here, e.g. {@code avx512_core}. */
    public static String isa() {
        return isaName(Dnnl.dnnl_get_effective_cpu_isa());
    }

    /** {@code dnnl_cpu_isa_t} without its prefix; values that alias (avx10_1_512 = avx512_core_fp16) get both names. */
    static String isaName(int isa) {
        return switch (isa) {
            case Dnnl.dnnl_cpu_isa_default -> "default (no JIT)";
            case Dnnl.dnnl_cpu_isa_sse41 -> "sse41";
            case Dnnl.dnnl_cpu_isa_avx -> "avx";
            case Dnnl.dnnl_cpu_isa_avx2 -> "avx2";
            case Dnnl.dnnl_cpu_isa_avx2_vnni -> "avx2_vnni";
            case Dnnl.dnnl_cpu_isa_avx2_vnni_2 -> "avx2_vnni_2";
            case Dnnl.dnnl_cpu_isa_avx512_core -> "avx512_core";
            case Dnnl.dnnl_cpu_isa_avx512_core_vnni -> "avx512_core_vnni";
            case Dnnl.dnnl_cpu_isa_avx512_core_bf16 -> "avx512_core_bf16";
            case Dnnl.dnnl_cpu_isa_avx512_core_fp16 -> "avx512_core_fp16 (avx10_1_512)";
            case Dnnl.dnnl_cpu_isa_avx512_core_amx -> "avx512_core_amx";
            case Dnnl.dnnl_cpu_isa_avx512_core_amx_fp16 -> "avx512_core_amx_fp16";
            case Dnnl.dnnl_cpu_isa_avx10_2_512 -> "avx10_2_512";
            case Dnnl.dnnl_cpu_isa_avx10_2_512_amx_2 -> "avx10_2_512_amx_2";
            default -> "dnnl_cpu_isa_t(0x" + Integer.toHexString(isa) + ")";
        };
    }

    /** The CPU threading runtime oneDNN was built with ({@code dnnl_version_t.cpu_runtime}). */
    @SuppressWarnings("restricted") // a static struct owned by oneDNN, sized from its header
    public static String cpuRuntime() {
        MemorySegment v = Dnnl.dnnl_version().reinterpret(Dnnl.dnnl_version_t.byteSize());
        int runtime = v.get(JAVA_INT, Dnnl.dnnl_version_t.byteOffset(PathElement.groupElement("cpu_runtime")));
        // DNNL_RUNTIME_* of dnnl_config.h
        return switch (runtime) {
            case 0 -> "none";
            case 1 -> "sequential";
            case 2 -> "OpenMP";
            case 4 -> "TBB";
            case 8 -> "threadpool";
            default -> "unknown (" + runtime + ")";
        };
    }
}
