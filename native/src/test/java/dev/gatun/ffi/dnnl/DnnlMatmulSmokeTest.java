package dev.gatun.ffi.dnnl;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.*;

import dev.gatun.ffi.Matrices;
import dev.gatun.ffi.NativeLibrary;
import dev.gatun.ffi.NativeVersions;
import dev.gatun.ffi.gomp.Gomp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * oneDNN's recipe through the raw bindings: memory descriptors, a matmul primitive descriptor,
 * the primitive, memory objects over our own buffers, execute, wait. Every handle is destroyed
 * in a finally block, in reverse order of creation.
 */
class DnnlMatmulSmokeTest {
    @BeforeAll
    static void loaded() {
        assertTrue(NativeLibrary.DNNL.isAvailable(), NativeLibrary.DNNL::failureReason);
    }

    @Test
    void matmulMatchesTheTripleLoop() {
        for (int[] shape : Matrices.SHAPES) {
            int m = shape[0], k = shape[1], n = shape[2];
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment a = Matrices.random(arena, m, k, 3);
                MemorySegment b = Matrices.random(arena, k, n, 4);
                MemorySegment c = arena.allocate(JAVA_FLOAT, (long) m * n);
                matmul(arena, a, b, c, m, k, n);
                Matrices.assertClose(Matrices.multiply(a, b, m, k, n), c, k);
            }
        }
    }

    @Test
    void inconsistentShapesBecomeADnnlException() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = md(arena, 2, 3), weights = md(arena, 4, 5), dst = md(arena, 2, 5);
            try {
                MemorySegment pd = arena.allocate(ADDRESS);
                DnnlException e = assertThrows(DnnlException.class, () -> check(
                        dnnl_matmul_primitive_desc_create(pd, DnnlEngine.cpu().engine(), src, weights, MemorySegment.NULL, dst, MemorySegment.NULL),
                        "dnnl_matmul_primitive_desc_create", "src [2, 3] x weights [4, 5] -> dst [2, 5]"));
                assertEquals("dnnl_matmul_primitive_desc_create failed: dnnl_invalid_arguments (src [2, 3] x weights [4, 5] -> dst [2, 5])",
                        e.getMessage());
                assertEquals(dnnl_invalid_arguments, e.status());
            } finally {
                destroyAll(src, weights, dst);
            }
        }
    }

    @Test
    void versionAndThreadsAreVisible() {
        MemorySegment v = dnnl_version().reinterpret(dnnl_version_t.byteSize());
        assertEquals(DNNL_VERSION_MAJOR, v.get(JAVA_INT, dnnl_version_t.byteOffset(PathElement.groupElement("major"))));
        assertEquals(DNNL_VERSION_MINOR, v.get(JAVA_INT, dnnl_version_t.byteOffset(PathElement.groupElement("minor"))));
        assertTrue(NativeVersions.dnnl().startsWith(DNNL_VERSION_MAJOR + "." + DNNL_VERSION_MINOR + "."), NativeVersions.dnnl());
        // GOMP is the runtime oneDNN loaded from beside itself, not a second copy.
        assertTrue(Gomp.omp_get_num_procs() >= 1);
        assertEquals(NativeLibrary.DNNL.loadedFrom().orElseThrow().resolveSibling("libgomp.so.1"),
                NativeLibrary.GOMP.loadedFrom().orElseThrow());
    }

    /** dst = src x weights, all plain row-major (tag ab) f32. */
    private static void matmul(Arena arena, MemorySegment a, MemorySegment b, MemorySegment c, int m, int k, int n) {
        DnnlEngine cpu = DnnlEngine.cpu();
        String shapes = "src [" + m + ", " + k + "] x weights [" + k + ", " + n + "]";
        MemorySegment srcMd = md(arena, m, k), weightsMd = md(arena, k, n), dstMd = md(arena, m, n);
        MemorySegment pd = MemorySegment.NULL, primitive = MemorySegment.NULL;
        MemorySegment src = MemorySegment.NULL, weights = MemorySegment.NULL, dst = MemorySegment.NULL;
        try {
            MemorySegment out = arena.allocate(ADDRESS);
            check(dnnl_matmul_primitive_desc_create(out, cpu.engine(), srcMd, weightsMd, MemorySegment.NULL, dstMd, MemorySegment.NULL),
                    "dnnl_matmul_primitive_desc_create", shapes);
            pd = out.get(ADDRESS, 0);
            check(dnnl_primitive_create(out, pd), "dnnl_primitive_create", shapes);
            primitive = out.get(ADDRESS, 0);
            src = memory(arena, srcMd, a);
            weights = memory(arena, weightsMd, b);
            dst = memory(arena, dstMd, c);

            MemorySegment args = arena.allocate(dnnl_exec_arg_t, 3);
            long argOffset = dnnl_exec_arg_t.byteOffset(PathElement.groupElement("arg"));
            long memoryOffset = dnnl_exec_arg_t.byteOffset(PathElement.groupElement("memory"));
            int[] kinds = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST};
            MemorySegment[] memories = {src, weights, dst};
            for (int i = 0; i < 3; i++) {
                MemorySegment arg = args.asSlice(i * dnnl_exec_arg_t.byteSize(), dnnl_exec_arg_t);
                arg.set(JAVA_INT, argOffset, kinds[i]);
                arg.set(ADDRESS, memoryOffset, memories[i]);
            }
            check(dnnl_primitive_execute(primitive, cpu.stream(), 3, args), "dnnl_primitive_execute", shapes);
            check(dnnl_stream_wait(cpu.stream()), "dnnl_stream_wait", shapes);
        } finally {
            for (MemorySegment memory : new MemorySegment[] {dst, weights, src}) {
                if (!memory.equals(MemorySegment.NULL)) {
                    check(dnnl_memory_destroy(memory), "dnnl_memory_destroy", "");
                }
            }
            if (!primitive.equals(MemorySegment.NULL)) {
                check(dnnl_primitive_destroy(primitive), "dnnl_primitive_destroy", "");
            }
            if (!pd.equals(MemorySegment.NULL)) {
                check(dnnl_primitive_desc_destroy(pd), "dnnl_primitive_desc_destroy", "");
            }
            destroyAll(srcMd, weightsMd, dstMd);
        }
    }

    /** A plain row-major f32 memory descriptor; the caller destroys it. */
    private static MemorySegment md(Arena arena, long... dims) {
        MemorySegment d = arena.allocate(JAVA_LONG, DNNL_MAX_NDIMS);
        MemorySegment.copy(dims, 0, d, JAVA_LONG, 0, dims.length);
        MemorySegment out = arena.allocate(ADDRESS);
        int tag = dims.length == 2 ? dnnl_ab : dnnl_a;
        check(dnnl_memory_desc_create_with_tag(out, dims.length, d, dnnl_f32, tag),
                "dnnl_memory_desc_create_with_tag", "f32 " + Arrays.toString(dims));
        MemorySegment md = out.get(ADDRESS, 0);
        assertEquals(Arrays.stream(dims).reduce(4, (x, y) -> x * y), dnnl_memory_desc_get_size(md));
        return md;
    }

    /** A memory object over our buffer (oneDNN does not own or free it). */
    private static MemorySegment memory(Arena arena, MemorySegment md, MemorySegment buffer) {
        MemorySegment out = arena.allocate(ADDRESS);
        check(dnnl_memory_create(out, md, DnnlEngine.cpu().engine(), buffer), "dnnl_memory_create", "");
        return out.get(ADDRESS, 0);
    }

    private static void destroyAll(MemorySegment... mds) {
        for (MemorySegment md : mds) {
            check(dnnl_memory_desc_destroy(md), "dnnl_memory_desc_destroy", "");
        }
    }
}
