package dev.gatun.ffi.dnnl;

import static java.lang.foreign.ValueLayout.*;

import dev.gatun.ffi.CSignature;
import dev.gatun.ffi.NativeLibrary;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * oneDNN 3.x C API ({@code oneapi/dnnl/dnnl.h}): the functions Gatun uses. Constants and struct
 * layouts of {@code dnnl_types.h} / {@code dnnl_common_types.h} are in {@link DnnlTypes}, which
 * this class extends the way jextract chains the parts of a large header class, so
 * {@code Dnnl.dnnl_f32} works. Written in jextract's shape without jextract (see
 * {@code native/jextract/README.md}).
 *
 * <p>oneDNN 3.x memory descriptors are opaque handles ({@code dnnl_memory_desc_t} is a pointer)
 * that must be destroyed; {@code dnnl_dims_t} parameters are pointers to {@code int64_t[12]}.
 * Functions returning {@code dnnl_status_t} return it raw; call sites pass it to
 * {@link #check(int, String, String)}.

 * <p>Shape (as jextract generates it): each function has a private holder class with its
 * {@code FunctionDescriptor} and downcall {@code MethodHandle}, resolved on first use; a typed
 * static method; and {@code name$descriptor()} / {@code name$handle()} accessors. Holder classes
 * never fail to initialise: when the library is missing, the handle throws
 * {@link dev.gatun.ffi.NativeLibraryUnavailableException} with the loader's reason. Each method
 * carries its C declaration in {@link CSignature}; {@code BindingConformanceTest} compiles those
 * against the real header. The symbol list is {@code native/jextract/dnnl.args}.
 */
public final class Dnnl extends DnnlTypes {
    private Dnnl() {}

    // ============================================================
    // Library: version, verbosity, CPU ISA

    private static final class dnnl_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_version", DESC);
    }

    public static FunctionDescriptor dnnl_version$descriptor() {
        return dnnl_version.DESC;
    }

    public static MethodHandle dnnl_version$handle() {
        return dnnl_version.HANDLE;
    }

    @CSignature("const dnnl_version_t *dnnl_version(void)")
    public static MemorySegment dnnl_version() {
        try {
            return (MemorySegment) dnnl_version.HANDLE.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_set_verbose {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_set_verbose", DESC);
    }

    public static FunctionDescriptor dnnl_set_verbose$descriptor() {
        return dnnl_set_verbose.DESC;
    }

    public static MethodHandle dnnl_set_verbose$handle() {
        return dnnl_set_verbose.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_set_verbose(int level)")
    public static int dnnl_set_verbose(int level) {
        try {
            return (int) dnnl_set_verbose.HANDLE.invokeExact(level);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_get_effective_cpu_isa {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_get_effective_cpu_isa", DESC);
    }

    public static FunctionDescriptor dnnl_get_effective_cpu_isa$descriptor() {
        return dnnl_get_effective_cpu_isa.DESC;
    }

    public static MethodHandle dnnl_get_effective_cpu_isa$handle() {
        return dnnl_get_effective_cpu_isa.HANDLE;
    }

    @CSignature("dnnl_cpu_isa_t dnnl_get_effective_cpu_isa(void)")
    public static int dnnl_get_effective_cpu_isa() {
        try {
            return (int) dnnl_get_effective_cpu_isa.HANDLE.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_set_max_cpu_isa {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_set_max_cpu_isa", DESC);
    }

    public static FunctionDescriptor dnnl_set_max_cpu_isa$descriptor() {
        return dnnl_set_max_cpu_isa.DESC;
    }

    public static MethodHandle dnnl_set_max_cpu_isa$handle() {
        return dnnl_set_max_cpu_isa.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_set_max_cpu_isa(dnnl_cpu_isa_t isa)")
    public static int dnnl_set_max_cpu_isa(int isa) {
        try {
            return (int) dnnl_set_max_cpu_isa.HANDLE.invokeExact(isa);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // Engine and stream

    private static final class dnnl_engine_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_engine_create", DESC);
    }

    public static FunctionDescriptor dnnl_engine_create$descriptor() {
        return dnnl_engine_create.DESC;
    }

    public static MethodHandle dnnl_engine_create$handle() {
        return dnnl_engine_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_engine_create(dnnl_engine_t *engine, dnnl_engine_kind_t kind, size_t index)")
    public static int dnnl_engine_create(MemorySegment engine, int kind, long index) {
        try {
            return (int) dnnl_engine_create.HANDLE.invokeExact(engine, kind, index);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_engine_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_engine_destroy", DESC);
    }

    public static FunctionDescriptor dnnl_engine_destroy$descriptor() {
        return dnnl_engine_destroy.DESC;
    }

    public static MethodHandle dnnl_engine_destroy$handle() {
        return dnnl_engine_destroy.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_engine_destroy(dnnl_engine_t engine)")
    public static int dnnl_engine_destroy(MemorySegment engine) {
        try {
            return (int) dnnl_engine_destroy.HANDLE.invokeExact(engine);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_stream_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_stream_create", DESC);
    }

    public static FunctionDescriptor dnnl_stream_create$descriptor() {
        return dnnl_stream_create.DESC;
    }

    public static MethodHandle dnnl_stream_create$handle() {
        return dnnl_stream_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_stream_create(dnnl_stream_t *stream, dnnl_engine_t engine, unsigned flags)")
    public static int dnnl_stream_create(MemorySegment stream, MemorySegment engine, int flags) {
        try {
            return (int) dnnl_stream_create.HANDLE.invokeExact(stream, engine, flags);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_stream_wait {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_stream_wait", DESC);
    }

    public static FunctionDescriptor dnnl_stream_wait$descriptor() {
        return dnnl_stream_wait.DESC;
    }

    public static MethodHandle dnnl_stream_wait$handle() {
        return dnnl_stream_wait.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_stream_wait(dnnl_stream_t stream)")
    public static int dnnl_stream_wait(MemorySegment stream) {
        try {
            return (int) dnnl_stream_wait.HANDLE.invokeExact(stream);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_stream_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_stream_destroy", DESC);
    }

    public static FunctionDescriptor dnnl_stream_destroy$descriptor() {
        return dnnl_stream_destroy.DESC;
    }

    public static MethodHandle dnnl_stream_destroy$handle() {
        return dnnl_stream_destroy.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_stream_destroy(dnnl_stream_t stream)")
    public static int dnnl_stream_destroy(MemorySegment stream) {
        try {
            return (int) dnnl_stream_destroy.HANDLE.invokeExact(stream);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // Memory descriptors (opaque handles in oneDNN 3.x; dims are int64_t[DNNL_MAX_NDIMS])

    private static final class dnnl_memory_desc_create_with_tag {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_memory_desc_create_with_tag", DESC);
    }

    public static FunctionDescriptor dnnl_memory_desc_create_with_tag$descriptor() {
        return dnnl_memory_desc_create_with_tag.DESC;
    }

    public static MethodHandle dnnl_memory_desc_create_with_tag$handle() {
        return dnnl_memory_desc_create_with_tag.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_memory_desc_create_with_tag(dnnl_memory_desc_t *memory_desc, int ndims, const dnnl_dims_t dims, dnnl_data_type_t data_type, dnnl_format_tag_t tag)")
    public static int dnnl_memory_desc_create_with_tag(MemorySegment memory_desc, int ndims, MemorySegment dims, int data_type, int tag) {
        try {
            return (int) dnnl_memory_desc_create_with_tag.HANDLE.invokeExact(memory_desc, ndims, dims, data_type, tag);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_memory_desc_create_with_strides {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_memory_desc_create_with_strides", DESC);
    }

    public static FunctionDescriptor dnnl_memory_desc_create_with_strides$descriptor() {
        return dnnl_memory_desc_create_with_strides.DESC;
    }

    public static MethodHandle dnnl_memory_desc_create_with_strides$handle() {
        return dnnl_memory_desc_create_with_strides.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_memory_desc_create_with_strides(dnnl_memory_desc_t *memory_desc, int ndims, const dnnl_dims_t dims, dnnl_data_type_t data_type, const dnnl_dims_t strides)")
    public static int dnnl_memory_desc_create_with_strides(MemorySegment memory_desc, int ndims, MemorySegment dims, int data_type, MemorySegment strides) {
        try {
            return (int) dnnl_memory_desc_create_with_strides.HANDLE.invokeExact(memory_desc, ndims, dims, data_type, strides);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_memory_desc_query {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_memory_desc_query", DESC);
    }

    public static FunctionDescriptor dnnl_memory_desc_query$descriptor() {
        return dnnl_memory_desc_query.DESC;
    }

    public static MethodHandle dnnl_memory_desc_query$handle() {
        return dnnl_memory_desc_query.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_memory_desc_query(const_dnnl_memory_desc_t memory_desc, dnnl_query_t what, void *result)")
    public static int dnnl_memory_desc_query(MemorySegment memory_desc, int what, MemorySegment result) {
        try {
            return (int) dnnl_memory_desc_query.HANDLE.invokeExact(memory_desc, what, result);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_memory_desc_get_size {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_LONG, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_memory_desc_get_size", DESC);
    }

    public static FunctionDescriptor dnnl_memory_desc_get_size$descriptor() {
        return dnnl_memory_desc_get_size.DESC;
    }

    public static MethodHandle dnnl_memory_desc_get_size$handle() {
        return dnnl_memory_desc_get_size.HANDLE;
    }

    @CSignature("size_t dnnl_memory_desc_get_size(const_dnnl_memory_desc_t memory_desc)")
    public static long dnnl_memory_desc_get_size(MemorySegment memory_desc) {
        try {
            return (long) dnnl_memory_desc_get_size.HANDLE.invokeExact(memory_desc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_memory_desc_clone {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_memory_desc_clone", DESC);
    }

    public static FunctionDescriptor dnnl_memory_desc_clone$descriptor() {
        return dnnl_memory_desc_clone.DESC;
    }

    public static MethodHandle dnnl_memory_desc_clone$handle() {
        return dnnl_memory_desc_clone.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_memory_desc_clone(dnnl_memory_desc_t *memory_desc, const_dnnl_memory_desc_t existing_memory_desc)")
    public static int dnnl_memory_desc_clone(MemorySegment memory_desc, MemorySegment existing_memory_desc) {
        try {
            return (int) dnnl_memory_desc_clone.HANDLE.invokeExact(memory_desc, existing_memory_desc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_memory_desc_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_memory_desc_destroy", DESC);
    }

    public static FunctionDescriptor dnnl_memory_desc_destroy$descriptor() {
        return dnnl_memory_desc_destroy.DESC;
    }

    public static MethodHandle dnnl_memory_desc_destroy$handle() {
        return dnnl_memory_desc_destroy.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_memory_desc_destroy(dnnl_memory_desc_t memory_desc)")
    public static int dnnl_memory_desc_destroy(MemorySegment memory_desc) {
        try {
            return (int) dnnl_memory_desc_destroy.HANDLE.invokeExact(memory_desc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // Memory objects

    private static final class dnnl_memory_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_memory_create", DESC);
    }

    public static FunctionDescriptor dnnl_memory_create$descriptor() {
        return dnnl_memory_create.DESC;
    }

    public static MethodHandle dnnl_memory_create$handle() {
        return dnnl_memory_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_memory_create(dnnl_memory_t *memory, const_dnnl_memory_desc_t memory_desc, dnnl_engine_t engine, void *handle)")
    public static int dnnl_memory_create(MemorySegment memory, MemorySegment memory_desc, MemorySegment engine, MemorySegment handle) {
        try {
            return (int) dnnl_memory_create.HANDLE.invokeExact(memory, memory_desc, engine, handle);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_memory_get_memory_desc {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_memory_get_memory_desc", DESC);
    }

    public static FunctionDescriptor dnnl_memory_get_memory_desc$descriptor() {
        return dnnl_memory_get_memory_desc.DESC;
    }

    public static MethodHandle dnnl_memory_get_memory_desc$handle() {
        return dnnl_memory_get_memory_desc.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_memory_get_memory_desc(const_dnnl_memory_t memory, const_dnnl_memory_desc_t *memory_desc)")
    public static int dnnl_memory_get_memory_desc(MemorySegment memory, MemorySegment memory_desc) {
        try {
            return (int) dnnl_memory_get_memory_desc.HANDLE.invokeExact(memory, memory_desc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_memory_get_data_handle {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_memory_get_data_handle", DESC);
    }

    public static FunctionDescriptor dnnl_memory_get_data_handle$descriptor() {
        return dnnl_memory_get_data_handle.DESC;
    }

    public static MethodHandle dnnl_memory_get_data_handle$handle() {
        return dnnl_memory_get_data_handle.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_memory_get_data_handle(const_dnnl_memory_t memory, void **handle)")
    public static int dnnl_memory_get_data_handle(MemorySegment memory, MemorySegment handle) {
        try {
            return (int) dnnl_memory_get_data_handle.HANDLE.invokeExact(memory, handle);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_memory_set_data_handle {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_memory_set_data_handle", DESC);
    }

    public static FunctionDescriptor dnnl_memory_set_data_handle$descriptor() {
        return dnnl_memory_set_data_handle.DESC;
    }

    public static MethodHandle dnnl_memory_set_data_handle$handle() {
        return dnnl_memory_set_data_handle.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_memory_set_data_handle(dnnl_memory_t memory, void *handle)")
    public static int dnnl_memory_set_data_handle(MemorySegment memory, MemorySegment handle) {
        try {
            return (int) dnnl_memory_set_data_handle.HANDLE.invokeExact(memory, handle);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_memory_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_memory_destroy", DESC);
    }

    public static FunctionDescriptor dnnl_memory_destroy$descriptor() {
        return dnnl_memory_destroy.DESC;
    }

    public static MethodHandle dnnl_memory_destroy$handle() {
        return dnnl_memory_destroy.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_memory_destroy(dnnl_memory_t memory)")
    public static int dnnl_memory_destroy(MemorySegment memory) {
        try {
            return (int) dnnl_memory_destroy.HANDLE.invokeExact(memory);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // Primitive attributes and post-ops

    private static final class dnnl_primitive_attr_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_attr_create", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_attr_create$descriptor() {
        return dnnl_primitive_attr_create.DESC;
    }

    public static MethodHandle dnnl_primitive_attr_create$handle() {
        return dnnl_primitive_attr_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_primitive_attr_create(dnnl_primitive_attr_t *attr)")
    public static int dnnl_primitive_attr_create(MemorySegment attr) {
        try {
            return (int) dnnl_primitive_attr_create.HANDLE.invokeExact(attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_primitive_attr_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_attr_destroy", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_attr_destroy$descriptor() {
        return dnnl_primitive_attr_destroy.DESC;
    }

    public static MethodHandle dnnl_primitive_attr_destroy$handle() {
        return dnnl_primitive_attr_destroy.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_primitive_attr_destroy(dnnl_primitive_attr_t attr)")
    public static int dnnl_primitive_attr_destroy(MemorySegment attr) {
        try {
            return (int) dnnl_primitive_attr_destroy.HANDLE.invokeExact(attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_primitive_attr_set_scratchpad_mode {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_attr_set_scratchpad_mode", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_attr_set_scratchpad_mode$descriptor() {
        return dnnl_primitive_attr_set_scratchpad_mode.DESC;
    }

    public static MethodHandle dnnl_primitive_attr_set_scratchpad_mode$handle() {
        return dnnl_primitive_attr_set_scratchpad_mode.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_primitive_attr_set_scratchpad_mode(dnnl_primitive_attr_t attr, dnnl_scratchpad_mode_t mode)")
    public static int dnnl_primitive_attr_set_scratchpad_mode(MemorySegment attr, int mode) {
        try {
            return (int) dnnl_primitive_attr_set_scratchpad_mode.HANDLE.invokeExact(attr, mode);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_primitive_attr_set_scales_mask {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_attr_set_scales_mask", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_attr_set_scales_mask$descriptor() {
        return dnnl_primitive_attr_set_scales_mask.DESC;
    }

    public static MethodHandle dnnl_primitive_attr_set_scales_mask$handle() {
        return dnnl_primitive_attr_set_scales_mask.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_primitive_attr_set_scales_mask(dnnl_primitive_attr_t attr, int arg, int mask)")
    public static int dnnl_primitive_attr_set_scales_mask(MemorySegment attr, int arg, int mask) {
        try {
            return (int) dnnl_primitive_attr_set_scales_mask.HANDLE.invokeExact(attr, arg, mask);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_primitive_attr_set_zero_points_mask {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_attr_set_zero_points_mask", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_attr_set_zero_points_mask$descriptor() {
        return dnnl_primitive_attr_set_zero_points_mask.DESC;
    }

    public static MethodHandle dnnl_primitive_attr_set_zero_points_mask$handle() {
        return dnnl_primitive_attr_set_zero_points_mask.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_primitive_attr_set_zero_points_mask(dnnl_primitive_attr_t attr, int arg, int mask)")
    public static int dnnl_primitive_attr_set_zero_points_mask(MemorySegment attr, int arg, int mask) {
        try {
            return (int) dnnl_primitive_attr_set_zero_points_mask.HANDLE.invokeExact(attr, arg, mask);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_primitive_attr_set_post_ops {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_attr_set_post_ops", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_attr_set_post_ops$descriptor() {
        return dnnl_primitive_attr_set_post_ops.DESC;
    }

    public static MethodHandle dnnl_primitive_attr_set_post_ops$handle() {
        return dnnl_primitive_attr_set_post_ops.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_primitive_attr_set_post_ops(dnnl_primitive_attr_t attr, const_dnnl_post_ops_t post_ops)")
    public static int dnnl_primitive_attr_set_post_ops(MemorySegment attr, MemorySegment post_ops) {
        try {
            return (int) dnnl_primitive_attr_set_post_ops.HANDLE.invokeExact(attr, post_ops);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_post_ops_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_post_ops_create", DESC);
    }

    public static FunctionDescriptor dnnl_post_ops_create$descriptor() {
        return dnnl_post_ops_create.DESC;
    }

    public static MethodHandle dnnl_post_ops_create$handle() {
        return dnnl_post_ops_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_post_ops_create(dnnl_post_ops_t *post_ops)")
    public static int dnnl_post_ops_create(MemorySegment post_ops) {
        try {
            return (int) dnnl_post_ops_create.HANDLE.invokeExact(post_ops);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_post_ops_append_eltwise {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_post_ops_append_eltwise", DESC);
    }

    public static FunctionDescriptor dnnl_post_ops_append_eltwise$descriptor() {
        return dnnl_post_ops_append_eltwise.DESC;
    }

    public static MethodHandle dnnl_post_ops_append_eltwise$handle() {
        return dnnl_post_ops_append_eltwise.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_post_ops_append_eltwise(dnnl_post_ops_t post_ops, dnnl_alg_kind_t alg_kind, float alpha, float beta)")
    public static int dnnl_post_ops_append_eltwise(MemorySegment post_ops, int alg_kind, float alpha, float beta) {
        try {
            return (int) dnnl_post_ops_append_eltwise.HANDLE.invokeExact(post_ops, alg_kind, alpha, beta);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_post_ops_append_binary {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_post_ops_append_binary", DESC);
    }

    public static FunctionDescriptor dnnl_post_ops_append_binary$descriptor() {
        return dnnl_post_ops_append_binary.DESC;
    }

    public static MethodHandle dnnl_post_ops_append_binary$handle() {
        return dnnl_post_ops_append_binary.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_post_ops_append_binary(dnnl_post_ops_t post_ops, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src1_desc)")
    public static int dnnl_post_ops_append_binary(MemorySegment post_ops, int alg_kind, MemorySegment src1_desc) {
        try {
            return (int) dnnl_post_ops_append_binary.HANDLE.invokeExact(post_ops, alg_kind, src1_desc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_post_ops_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_post_ops_destroy", DESC);
    }

    public static FunctionDescriptor dnnl_post_ops_destroy$descriptor() {
        return dnnl_post_ops_destroy.DESC;
    }

    public static MethodHandle dnnl_post_ops_destroy$handle() {
        return dnnl_post_ops_destroy.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_post_ops_destroy(dnnl_post_ops_t post_ops)")
    public static int dnnl_post_ops_destroy(MemorySegment post_ops) {
        try {
            return (int) dnnl_post_ops_destroy.HANDLE.invokeExact(post_ops);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // Primitive descriptors: creation, one per primitive kind and direction

    private static final class dnnl_matmul_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_matmul_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_matmul_primitive_desc_create$descriptor() {
        return dnnl_matmul_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_matmul_primitive_desc_create$handle() {
        return dnnl_matmul_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_matmul_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_matmul_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, MemorySegment src_desc, MemorySegment weights_desc, MemorySegment bias_desc, MemorySegment dst_desc, MemorySegment attr) {
        try {
            return (int) dnnl_matmul_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, src_desc, weights_desc, bias_desc, dst_desc, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_inner_product_forward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_inner_product_forward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_inner_product_forward_primitive_desc_create$descriptor() {
        return dnnl_inner_product_forward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_inner_product_forward_primitive_desc_create$handle() {
        return dnnl_inner_product_forward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_inner_product_forward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_inner_product_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, MemorySegment src_desc, MemorySegment weights_desc, MemorySegment bias_desc, MemorySegment dst_desc, MemorySegment attr) {
        try {
            return (int) dnnl_inner_product_forward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, src_desc, weights_desc, bias_desc, dst_desc, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_inner_product_backward_data_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_inner_product_backward_data_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_inner_product_backward_data_primitive_desc_create$descriptor() {
        return dnnl_inner_product_backward_data_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_inner_product_backward_data_primitive_desc_create$handle() {
        return dnnl_inner_product_backward_data_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_inner_product_backward_data_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_inner_product_backward_data_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, MemorySegment diff_src_desc, MemorySegment weights_desc, MemorySegment diff_dst_desc, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_inner_product_backward_data_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, diff_src_desc, weights_desc, diff_dst_desc, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_inner_product_backward_weights_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_inner_product_backward_weights_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_inner_product_backward_weights_primitive_desc_create$descriptor() {
        return dnnl_inner_product_backward_weights_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_inner_product_backward_weights_primitive_desc_create$handle() {
        return dnnl_inner_product_backward_weights_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_inner_product_backward_weights_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t diff_weights_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_inner_product_backward_weights_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, MemorySegment src_desc, MemorySegment diff_weights_desc, MemorySegment diff_bias_desc, MemorySegment diff_dst_desc, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_inner_product_backward_weights_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, src_desc, diff_weights_desc, diff_bias_desc, diff_dst_desc, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_convolution_forward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_convolution_forward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_convolution_forward_primitive_desc_create$descriptor() {
        return dnnl_convolution_forward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_convolution_forward_primitive_desc_create$handle() {
        return dnnl_convolution_forward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_convolution_forward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_convolution_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int alg_kind, MemorySegment src_desc, MemorySegment weights_desc, MemorySegment bias_desc, MemorySegment dst_desc, MemorySegment strides, MemorySegment dilates, MemorySegment padding_l, MemorySegment padding_r, MemorySegment attr) {
        try {
            return (int) dnnl_convolution_forward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, alg_kind, src_desc, weights_desc, bias_desc, dst_desc, strides, dilates, padding_l, padding_r, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_convolution_backward_data_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_convolution_backward_data_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_convolution_backward_data_primitive_desc_create$descriptor() {
        return dnnl_convolution_backward_data_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_convolution_backward_data_primitive_desc_create$handle() {
        return dnnl_convolution_backward_data_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_convolution_backward_data_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t weights_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_convolution_backward_data_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment diff_src_desc, MemorySegment weights_desc, MemorySegment diff_dst_desc, MemorySegment strides, MemorySegment dilates, MemorySegment padding_l, MemorySegment padding_r, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_convolution_backward_data_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, alg_kind, diff_src_desc, weights_desc, diff_dst_desc, strides, dilates, padding_l, padding_r, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_convolution_backward_weights_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_convolution_backward_weights_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_convolution_backward_weights_primitive_desc_create$descriptor() {
        return dnnl_convolution_backward_weights_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_convolution_backward_weights_primitive_desc_create$handle() {
        return dnnl_convolution_backward_weights_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_convolution_backward_weights_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t diff_weights_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t dilates, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_convolution_backward_weights_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment src_desc, MemorySegment diff_weights_desc, MemorySegment diff_bias_desc, MemorySegment diff_dst_desc, MemorySegment strides, MemorySegment dilates, MemorySegment padding_l, MemorySegment padding_r, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_convolution_backward_weights_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, alg_kind, src_desc, diff_weights_desc, diff_bias_desc, diff_dst_desc, strides, dilates, padding_l, padding_r, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_pooling_forward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_pooling_forward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_pooling_forward_primitive_desc_create$descriptor() {
        return dnnl_pooling_forward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_pooling_forward_primitive_desc_create$handle() {
        return dnnl_pooling_forward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_pooling_forward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, const dnnl_dims_t strides, const dnnl_dims_t kernel, const dnnl_dims_t dilation, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_pooling_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int alg_kind, MemorySegment src_desc, MemorySegment dst_desc, MemorySegment strides, MemorySegment kernel, MemorySegment dilation, MemorySegment padding_l, MemorySegment padding_r, MemorySegment attr) {
        try {
            return (int) dnnl_pooling_forward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, alg_kind, src_desc, dst_desc, strides, kernel, dilation, padding_l, padding_r, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_pooling_backward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_pooling_backward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_pooling_backward_primitive_desc_create$descriptor() {
        return dnnl_pooling_backward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_pooling_backward_primitive_desc_create$handle() {
        return dnnl_pooling_backward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_pooling_backward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const dnnl_dims_t strides, const dnnl_dims_t kernel, const dnnl_dims_t dilation, const dnnl_dims_t padding_l, const dnnl_dims_t padding_r, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_pooling_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment diff_src_desc, MemorySegment diff_dst_desc, MemorySegment strides, MemorySegment kernel, MemorySegment dilation, MemorySegment padding_l, MemorySegment padding_r, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_pooling_backward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, alg_kind, diff_src_desc, diff_dst_desc, strides, kernel, dilation, padding_l, padding_r, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_eltwise_forward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_FLOAT, JAVA_FLOAT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_eltwise_forward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_eltwise_forward_primitive_desc_create$descriptor() {
        return dnnl_eltwise_forward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_eltwise_forward_primitive_desc_create$handle() {
        return dnnl_eltwise_forward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_eltwise_forward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, float alpha, float beta, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_eltwise_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int alg_kind, MemorySegment src_desc, MemorySegment dst_desc, float alpha, float beta, MemorySegment attr) {
        try {
            return (int) dnnl_eltwise_forward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, alg_kind, src_desc, dst_desc, alpha, beta, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_eltwise_backward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, JAVA_FLOAT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_eltwise_backward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_eltwise_backward_primitive_desc_create$descriptor() {
        return dnnl_eltwise_backward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_eltwise_backward_primitive_desc_create$handle() {
        return dnnl_eltwise_backward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_eltwise_backward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t data_desc, float alpha, float beta, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_eltwise_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment diff_src_desc, MemorySegment diff_dst_desc, MemorySegment data_desc, float alpha, float beta, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_eltwise_backward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, alg_kind, diff_src_desc, diff_dst_desc, data_desc, alpha, beta, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_softmax_forward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_softmax_forward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_softmax_forward_primitive_desc_create$descriptor() {
        return dnnl_softmax_forward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_softmax_forward_primitive_desc_create$handle() {
        return dnnl_softmax_forward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_softmax_forward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, int softmax_axis, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_softmax_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int alg_kind, MemorySegment src_desc, MemorySegment dst_desc, int softmax_axis, MemorySegment attr) {
        try {
            return (int) dnnl_softmax_forward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, alg_kind, src_desc, dst_desc, softmax_axis, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_softmax_backward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_softmax_backward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_softmax_backward_primitive_desc_create$descriptor() {
        return dnnl_softmax_backward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_softmax_backward_primitive_desc_create$handle() {
        return dnnl_softmax_backward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_softmax_backward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t dst_desc, int softmax_axis, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_softmax_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment diff_src_desc, MemorySegment diff_dst_desc, MemorySegment dst_desc, int softmax_axis, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_softmax_backward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, alg_kind, diff_src_desc, diff_dst_desc, dst_desc, softmax_axis, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_layer_normalization_forward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_layer_normalization_forward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_layer_normalization_forward_primitive_desc_create$descriptor() {
        return dnnl_layer_normalization_forward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_layer_normalization_forward_primitive_desc_create$handle() {
        return dnnl_layer_normalization_forward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_layer_normalization_forward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_memory_desc_t stat_desc, float epsilon, unsigned flags, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_layer_normalization_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, MemorySegment src_desc, MemorySegment dst_desc, MemorySegment stat_desc, float epsilon, int flags, MemorySegment attr) {
        try {
            return (int) dnnl_layer_normalization_forward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, src_desc, dst_desc, stat_desc, epsilon, flags, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_layer_normalization_backward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_layer_normalization_backward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_layer_normalization_backward_primitive_desc_create$descriptor() {
        return dnnl_layer_normalization_backward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_layer_normalization_backward_primitive_desc_create$handle() {
        return dnnl_layer_normalization_backward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_layer_normalization_backward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t stat_desc, float epsilon, unsigned flags, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_layer_normalization_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, MemorySegment diff_src_desc, MemorySegment diff_dst_desc, MemorySegment src_desc, MemorySegment stat_desc, float epsilon, int flags, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_layer_normalization_backward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, diff_src_desc, diff_dst_desc, src_desc, stat_desc, epsilon, flags, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_batch_normalization_forward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_FLOAT, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_batch_normalization_forward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_batch_normalization_forward_primitive_desc_create$descriptor() {
        return dnnl_batch_normalization_forward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_batch_normalization_forward_primitive_desc_create$handle() {
        return dnnl_batch_normalization_forward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_batch_normalization_forward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, float epsilon, unsigned flags, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_batch_normalization_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, MemorySegment src_desc, MemorySegment dst_desc, float epsilon, int flags, MemorySegment attr) {
        try {
            return (int) dnnl_batch_normalization_forward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, src_desc, dst_desc, epsilon, flags, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_batch_normalization_backward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_FLOAT, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_batch_normalization_backward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_batch_normalization_backward_primitive_desc_create$descriptor() {
        return dnnl_batch_normalization_backward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_batch_normalization_backward_primitive_desc_create$handle() {
        return dnnl_batch_normalization_backward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_batch_normalization_backward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const_dnnl_memory_desc_t diff_src_desc, const_dnnl_memory_desc_t diff_dst_desc, const_dnnl_memory_desc_t src_desc, float epsilon, unsigned flags, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_batch_normalization_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, MemorySegment diff_src_desc, MemorySegment diff_dst_desc, MemorySegment src_desc, float epsilon, int flags, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_batch_normalization_backward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, diff_src_desc, diff_dst_desc, src_desc, epsilon, flags, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_binary_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_binary_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_binary_primitive_desc_create$descriptor() {
        return dnnl_binary_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_binary_primitive_desc_create$handle() {
        return dnnl_binary_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_binary_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src0_desc, const_dnnl_memory_desc_t src1_desc, const_dnnl_memory_desc_t dst_desc, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_binary_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment src0_desc, MemorySegment src1_desc, MemorySegment dst_desc, MemorySegment attr) {
        try {
            return (int) dnnl_binary_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, alg_kind, src0_desc, src1_desc, dst_desc, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_reduction_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_FLOAT, JAVA_FLOAT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_reduction_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_reduction_primitive_desc_create$descriptor() {
        return dnnl_reduction_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_reduction_primitive_desc_create$handle() {
        return dnnl_reduction_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_reduction_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_alg_kind_t alg_kind, const_dnnl_memory_desc_t src_desc, const_dnnl_memory_desc_t dst_desc, float p, float eps, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_reduction_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int alg_kind, MemorySegment src_desc, MemorySegment dst_desc, float p, float eps, MemorySegment attr) {
        try {
            return (int) dnnl_reduction_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, alg_kind, src_desc, dst_desc, p, eps, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_reorder_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_reorder_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_reorder_primitive_desc_create$descriptor() {
        return dnnl_reorder_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_reorder_primitive_desc_create$handle() {
        return dnnl_reorder_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_reorder_primitive_desc_create(dnnl_primitive_desc_t *reorder_primitive_desc, const_dnnl_memory_desc_t src_desc, dnnl_engine_t src_engine, const_dnnl_memory_desc_t dst_desc, dnnl_engine_t dst_engine, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_reorder_primitive_desc_create(MemorySegment reorder_primitive_desc, MemorySegment src_desc, MemorySegment src_engine, MemorySegment dst_desc, MemorySegment dst_engine, MemorySegment attr) {
        try {
            return (int) dnnl_reorder_primitive_desc_create.HANDLE.invokeExact(reorder_primitive_desc, src_desc, src_engine, dst_desc, dst_engine, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_vanilla_rnn_forward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_vanilla_rnn_forward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_vanilla_rnn_forward_primitive_desc_create$descriptor() {
        return dnnl_vanilla_rnn_forward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_vanilla_rnn_forward_primitive_desc_create$handle() {
        return dnnl_vanilla_rnn_forward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_vanilla_rnn_forward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const dnnl_alg_kind_t activation, const dnnl_rnn_direction_t direction, const_dnnl_memory_desc_t src_layer_desc, const_dnnl_memory_desc_t src_iter_desc, const_dnnl_memory_desc_t weights_layer_desc, const_dnnl_memory_desc_t weights_iter_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_layer_desc, const_dnnl_memory_desc_t dst_iter_desc, unsigned flags, float alpha, float beta, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_vanilla_rnn_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int activation, int direction, MemorySegment src_layer_desc, MemorySegment src_iter_desc, MemorySegment weights_layer_desc, MemorySegment weights_iter_desc, MemorySegment bias_desc, MemorySegment dst_layer_desc, MemorySegment dst_iter_desc, int flags, float alpha, float beta, MemorySegment attr) {
        try {
            return (int) dnnl_vanilla_rnn_forward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, activation, direction, src_layer_desc, src_iter_desc, weights_layer_desc, weights_iter_desc, bias_desc, dst_layer_desc, dst_iter_desc, flags, alpha, beta, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_vanilla_rnn_backward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_vanilla_rnn_backward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_vanilla_rnn_backward_primitive_desc_create$descriptor() {
        return dnnl_vanilla_rnn_backward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_vanilla_rnn_backward_primitive_desc_create$handle() {
        return dnnl_vanilla_rnn_backward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_vanilla_rnn_backward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, const dnnl_alg_kind_t activation, const dnnl_rnn_direction_t direction, const_dnnl_memory_desc_t src_layer_desc, const_dnnl_memory_desc_t src_iter_desc, const_dnnl_memory_desc_t weights_layer_desc, const_dnnl_memory_desc_t weights_iter_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_layer_desc, const_dnnl_memory_desc_t dst_iter_desc, const_dnnl_memory_desc_t diff_src_layer_desc, const_dnnl_memory_desc_t diff_src_iter_desc, const_dnnl_memory_desc_t diff_weights_layer_desc, const_dnnl_memory_desc_t diff_weights_iter_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_layer_desc, const_dnnl_memory_desc_t diff_dst_iter_desc, unsigned flags, float alpha, float beta, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_vanilla_rnn_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int activation, int direction, MemorySegment src_layer_desc, MemorySegment src_iter_desc, MemorySegment weights_layer_desc, MemorySegment weights_iter_desc, MemorySegment bias_desc, MemorySegment dst_layer_desc, MemorySegment dst_iter_desc, MemorySegment diff_src_layer_desc, MemorySegment diff_src_iter_desc, MemorySegment diff_weights_layer_desc, MemorySegment diff_weights_iter_desc, MemorySegment diff_bias_desc, MemorySegment diff_dst_layer_desc, MemorySegment diff_dst_iter_desc, int flags, float alpha, float beta, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_vanilla_rnn_backward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, activation, direction, src_layer_desc, src_iter_desc, weights_layer_desc, weights_iter_desc, bias_desc, dst_layer_desc, dst_iter_desc, diff_src_layer_desc, diff_src_iter_desc, diff_weights_layer_desc, diff_weights_iter_desc, diff_bias_desc, diff_dst_layer_desc, diff_dst_iter_desc, flags, alpha, beta, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_lstm_forward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_lstm_forward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_lstm_forward_primitive_desc_create$descriptor() {
        return dnnl_lstm_forward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_lstm_forward_primitive_desc_create$handle() {
        return dnnl_lstm_forward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_lstm_forward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_rnn_direction_t direction, const_dnnl_memory_desc_t src_layer_desc, const_dnnl_memory_desc_t src_iter_desc, const_dnnl_memory_desc_t src_iter_c_desc, const_dnnl_memory_desc_t weights_layer_desc, const_dnnl_memory_desc_t weights_iter_desc, const_dnnl_memory_desc_t weights_peephole_desc, const_dnnl_memory_desc_t weights_projection_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_layer_desc, const_dnnl_memory_desc_t dst_iter_desc, const_dnnl_memory_desc_t dst_iter_c_desc, unsigned flags, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_lstm_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int direction, MemorySegment src_layer_desc, MemorySegment src_iter_desc, MemorySegment src_iter_c_desc, MemorySegment weights_layer_desc, MemorySegment weights_iter_desc, MemorySegment weights_peephole_desc, MemorySegment weights_projection_desc, MemorySegment bias_desc, MemorySegment dst_layer_desc, MemorySegment dst_iter_desc, MemorySegment dst_iter_c_desc, int flags, MemorySegment attr) {
        try {
            return (int) dnnl_lstm_forward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, direction, src_layer_desc, src_iter_desc, src_iter_c_desc, weights_layer_desc, weights_iter_desc, weights_peephole_desc, weights_projection_desc, bias_desc, dst_layer_desc, dst_iter_desc, dst_iter_c_desc, flags, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_lstm_backward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_lstm_backward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_lstm_backward_primitive_desc_create$descriptor() {
        return dnnl_lstm_backward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_lstm_backward_primitive_desc_create$handle() {
        return dnnl_lstm_backward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_lstm_backward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_rnn_direction_t direction, const_dnnl_memory_desc_t src_layer_desc, const_dnnl_memory_desc_t src_iter_desc, const_dnnl_memory_desc_t src_iter_c_desc, const_dnnl_memory_desc_t weights_layer_desc, const_dnnl_memory_desc_t weights_iter_desc, const_dnnl_memory_desc_t weights_peephole_desc, const_dnnl_memory_desc_t weights_projection_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_layer_desc, const_dnnl_memory_desc_t dst_iter_desc, const_dnnl_memory_desc_t dst_iter_c_desc, const_dnnl_memory_desc_t diff_src_layer_desc, const_dnnl_memory_desc_t diff_src_iter_desc, const_dnnl_memory_desc_t diff_src_iter_c_desc, const_dnnl_memory_desc_t diff_weights_layer_desc, const_dnnl_memory_desc_t diff_weights_iter_desc, const_dnnl_memory_desc_t diff_weights_peephole_desc, const_dnnl_memory_desc_t diff_weights_projection_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_layer_desc, const_dnnl_memory_desc_t diff_dst_iter_desc, const_dnnl_memory_desc_t diff_dst_iter_c_desc, unsigned flags, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_lstm_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int direction, MemorySegment src_layer_desc, MemorySegment src_iter_desc, MemorySegment src_iter_c_desc, MemorySegment weights_layer_desc, MemorySegment weights_iter_desc, MemorySegment weights_peephole_desc, MemorySegment weights_projection_desc, MemorySegment bias_desc, MemorySegment dst_layer_desc, MemorySegment dst_iter_desc, MemorySegment dst_iter_c_desc, MemorySegment diff_src_layer_desc, MemorySegment diff_src_iter_desc, MemorySegment diff_src_iter_c_desc, MemorySegment diff_weights_layer_desc, MemorySegment diff_weights_iter_desc, MemorySegment diff_weights_peephole_desc, MemorySegment diff_weights_projection_desc, MemorySegment diff_bias_desc, MemorySegment diff_dst_layer_desc, MemorySegment diff_dst_iter_desc, MemorySegment diff_dst_iter_c_desc, int flags, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_lstm_backward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, direction, src_layer_desc, src_iter_desc, src_iter_c_desc, weights_layer_desc, weights_iter_desc, weights_peephole_desc, weights_projection_desc, bias_desc, dst_layer_desc, dst_iter_desc, dst_iter_c_desc, diff_src_layer_desc, diff_src_iter_desc, diff_src_iter_c_desc, diff_weights_layer_desc, diff_weights_iter_desc, diff_weights_peephole_desc, diff_weights_projection_desc, diff_bias_desc, diff_dst_layer_desc, diff_dst_iter_desc, diff_dst_iter_c_desc, flags, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_gru_forward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_gru_forward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_gru_forward_primitive_desc_create$descriptor() {
        return dnnl_gru_forward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_gru_forward_primitive_desc_create$handle() {
        return dnnl_gru_forward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_gru_forward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_rnn_direction_t direction, const_dnnl_memory_desc_t src_layer_desc, const_dnnl_memory_desc_t src_iter_desc, const_dnnl_memory_desc_t weights_layer_desc, const_dnnl_memory_desc_t weights_iter_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_layer_desc, const_dnnl_memory_desc_t dst_iter_desc, unsigned flags, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_gru_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int direction, MemorySegment src_layer_desc, MemorySegment src_iter_desc, MemorySegment weights_layer_desc, MemorySegment weights_iter_desc, MemorySegment bias_desc, MemorySegment dst_layer_desc, MemorySegment dst_iter_desc, int flags, MemorySegment attr) {
        try {
            return (int) dnnl_gru_forward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, direction, src_layer_desc, src_iter_desc, weights_layer_desc, weights_iter_desc, bias_desc, dst_layer_desc, dst_iter_desc, flags, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_gru_backward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_gru_backward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_gru_backward_primitive_desc_create$descriptor() {
        return dnnl_gru_backward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_gru_backward_primitive_desc_create$handle() {
        return dnnl_gru_backward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_gru_backward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_rnn_direction_t direction, const_dnnl_memory_desc_t src_layer_desc, const_dnnl_memory_desc_t src_iter_desc, const_dnnl_memory_desc_t weights_layer_desc, const_dnnl_memory_desc_t weights_iter_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_layer_desc, const_dnnl_memory_desc_t dst_iter_desc, const_dnnl_memory_desc_t diff_src_layer_desc, const_dnnl_memory_desc_t diff_src_iter_desc, const_dnnl_memory_desc_t diff_weights_layer_desc, const_dnnl_memory_desc_t diff_weights_iter_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_layer_desc, const_dnnl_memory_desc_t diff_dst_iter_desc, unsigned flags, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_gru_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int direction, MemorySegment src_layer_desc, MemorySegment src_iter_desc, MemorySegment weights_layer_desc, MemorySegment weights_iter_desc, MemorySegment bias_desc, MemorySegment dst_layer_desc, MemorySegment dst_iter_desc, MemorySegment diff_src_layer_desc, MemorySegment diff_src_iter_desc, MemorySegment diff_weights_layer_desc, MemorySegment diff_weights_iter_desc, MemorySegment diff_bias_desc, MemorySegment diff_dst_layer_desc, MemorySegment diff_dst_iter_desc, int flags, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_gru_backward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, direction, src_layer_desc, src_iter_desc, weights_layer_desc, weights_iter_desc, bias_desc, dst_layer_desc, dst_iter_desc, diff_src_layer_desc, diff_src_iter_desc, diff_weights_layer_desc, diff_weights_iter_desc, diff_bias_desc, diff_dst_layer_desc, diff_dst_iter_desc, flags, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_lbr_gru_forward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_lbr_gru_forward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_lbr_gru_forward_primitive_desc_create$descriptor() {
        return dnnl_lbr_gru_forward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_lbr_gru_forward_primitive_desc_create$handle() {
        return dnnl_lbr_gru_forward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_lbr_gru_forward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_rnn_direction_t direction, const_dnnl_memory_desc_t src_layer_desc, const_dnnl_memory_desc_t src_iter_desc, const_dnnl_memory_desc_t weights_layer_desc, const_dnnl_memory_desc_t weights_iter_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_layer_desc, const_dnnl_memory_desc_t dst_iter_desc, unsigned flags, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_lbr_gru_forward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int direction, MemorySegment src_layer_desc, MemorySegment src_iter_desc, MemorySegment weights_layer_desc, MemorySegment weights_iter_desc, MemorySegment bias_desc, MemorySegment dst_layer_desc, MemorySegment dst_iter_desc, int flags, MemorySegment attr) {
        try {
            return (int) dnnl_lbr_gru_forward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, direction, src_layer_desc, src_iter_desc, weights_layer_desc, weights_iter_desc, bias_desc, dst_layer_desc, dst_iter_desc, flags, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_lbr_gru_backward_primitive_desc_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_lbr_gru_backward_primitive_desc_create", DESC);
    }

    public static FunctionDescriptor dnnl_lbr_gru_backward_primitive_desc_create$descriptor() {
        return dnnl_lbr_gru_backward_primitive_desc_create.DESC;
    }

    public static MethodHandle dnnl_lbr_gru_backward_primitive_desc_create$handle() {
        return dnnl_lbr_gru_backward_primitive_desc_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_lbr_gru_backward_primitive_desc_create(dnnl_primitive_desc_t *primitive_desc, dnnl_engine_t engine, dnnl_prop_kind_t prop_kind, dnnl_rnn_direction_t direction, const_dnnl_memory_desc_t src_layer_desc, const_dnnl_memory_desc_t src_iter_desc, const_dnnl_memory_desc_t weights_layer_desc, const_dnnl_memory_desc_t weights_iter_desc, const_dnnl_memory_desc_t bias_desc, const_dnnl_memory_desc_t dst_layer_desc, const_dnnl_memory_desc_t dst_iter_desc, const_dnnl_memory_desc_t diff_src_layer_desc, const_dnnl_memory_desc_t diff_src_iter_desc, const_dnnl_memory_desc_t diff_weights_layer_desc, const_dnnl_memory_desc_t diff_weights_iter_desc, const_dnnl_memory_desc_t diff_bias_desc, const_dnnl_memory_desc_t diff_dst_layer_desc, const_dnnl_memory_desc_t diff_dst_iter_desc, unsigned flags, const_dnnl_primitive_desc_t hint_fwd_pd, const_dnnl_primitive_attr_t attr)")
    public static int dnnl_lbr_gru_backward_primitive_desc_create(MemorySegment primitive_desc, MemorySegment engine, int prop_kind, int direction, MemorySegment src_layer_desc, MemorySegment src_iter_desc, MemorySegment weights_layer_desc, MemorySegment weights_iter_desc, MemorySegment bias_desc, MemorySegment dst_layer_desc, MemorySegment dst_iter_desc, MemorySegment diff_src_layer_desc, MemorySegment diff_src_iter_desc, MemorySegment diff_weights_layer_desc, MemorySegment diff_weights_iter_desc, MemorySegment diff_bias_desc, MemorySegment diff_dst_layer_desc, MemorySegment diff_dst_iter_desc, int flags, MemorySegment hint_fwd_pd, MemorySegment attr) {
        try {
            return (int) dnnl_lbr_gru_backward_primitive_desc_create.HANDLE.invokeExact(primitive_desc, engine, prop_kind, direction, src_layer_desc, src_iter_desc, weights_layer_desc, weights_iter_desc, bias_desc, dst_layer_desc, dst_iter_desc, diff_src_layer_desc, diff_src_iter_desc, diff_weights_layer_desc, diff_weights_iter_desc, diff_bias_desc, diff_dst_layer_desc, diff_dst_iter_desc, flags, hint_fwd_pd, attr);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // Primitive descriptors: queries and destruction

    private static final class dnnl_primitive_desc_query {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_desc_query", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_desc_query$descriptor() {
        return dnnl_primitive_desc_query.DESC;
    }

    public static MethodHandle dnnl_primitive_desc_query$handle() {
        return dnnl_primitive_desc_query.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_primitive_desc_query(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index, void *result)")
    public static int dnnl_primitive_desc_query(MemorySegment primitive_desc, int what, int index, MemorySegment result) {
        try {
            return (int) dnnl_primitive_desc_query.HANDLE.invokeExact(primitive_desc, what, index, result);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_primitive_desc_query_md {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_desc_query_md", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_desc_query_md$descriptor() {
        return dnnl_primitive_desc_query_md.DESC;
    }

    public static MethodHandle dnnl_primitive_desc_query_md$handle() {
        return dnnl_primitive_desc_query_md.HANDLE;
    }

    @CSignature("const_dnnl_memory_desc_t dnnl_primitive_desc_query_md(const_dnnl_primitive_desc_t primitive_desc, dnnl_query_t what, int index)")
    public static MemorySegment dnnl_primitive_desc_query_md(MemorySegment primitive_desc, int what, int index) {
        try {
            return (MemorySegment) dnnl_primitive_desc_query_md.HANDLE.invokeExact(primitive_desc, what, index);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_primitive_desc_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_desc_destroy", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_desc_destroy$descriptor() {
        return dnnl_primitive_desc_destroy.DESC;
    }

    public static MethodHandle dnnl_primitive_desc_destroy$handle() {
        return dnnl_primitive_desc_destroy.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_primitive_desc_destroy(dnnl_primitive_desc_t primitive_desc)")
    public static int dnnl_primitive_desc_destroy(MemorySegment primitive_desc) {
        try {
            return (int) dnnl_primitive_desc_destroy.HANDLE.invokeExact(primitive_desc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // Primitives

    private static final class dnnl_primitive_create {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_create", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_create$descriptor() {
        return dnnl_primitive_create.DESC;
    }

    public static MethodHandle dnnl_primitive_create$handle() {
        return dnnl_primitive_create.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_primitive_create(dnnl_primitive_t *primitive, const_dnnl_primitive_desc_t primitive_desc)")
    public static int dnnl_primitive_create(MemorySegment primitive, MemorySegment primitive_desc) {
        try {
            return (int) dnnl_primitive_create.HANDLE.invokeExact(primitive, primitive_desc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_primitive_execute {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_execute", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_execute$descriptor() {
        return dnnl_primitive_execute.DESC;
    }

    public static MethodHandle dnnl_primitive_execute$handle() {
        return dnnl_primitive_execute.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_primitive_execute(const_dnnl_primitive_t primitive, dnnl_stream_t stream, int nargs, const dnnl_exec_arg_t *args)")
    public static int dnnl_primitive_execute(MemorySegment primitive, MemorySegment stream, int nargs, MemorySegment args) {
        try {
            return (int) dnnl_primitive_execute.HANDLE.invokeExact(primitive, stream, nargs, args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    private static final class dnnl_primitive_destroy {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_primitive_destroy", DESC);
    }

    public static FunctionDescriptor dnnl_primitive_destroy$descriptor() {
        return dnnl_primitive_destroy.DESC;
    }

    public static MethodHandle dnnl_primitive_destroy$handle() {
        return dnnl_primitive_destroy.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_primitive_destroy(dnnl_primitive_t primitive)")
    public static int dnnl_primitive_destroy(MemorySegment primitive) {
        try {
            return (int) dnnl_primitive_destroy.HANDLE.invokeExact(primitive);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // BLAS-like

    private static final class dnnl_sgemm {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(JAVA_INT, JAVA_BYTE, JAVA_BYTE, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_FLOAT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_FLOAT, ADDRESS, JAVA_LONG);
        static final MethodHandle HANDLE = NativeLibrary.DNNL.downcall("dnnl_sgemm", DESC);
    }

    public static FunctionDescriptor dnnl_sgemm$descriptor() {
        return dnnl_sgemm.DESC;
    }

    public static MethodHandle dnnl_sgemm$handle() {
        return dnnl_sgemm.HANDLE;
    }

    @CSignature("dnnl_status_t dnnl_sgemm(char transa, char transb, dnnl_dim_t M, dnnl_dim_t N, dnnl_dim_t K, float alpha, const float *A, dnnl_dim_t lda, const float *B, dnnl_dim_t ldb, float beta, float *C, dnnl_dim_t ldc)")
    public static int dnnl_sgemm(byte transa, byte transb, long M, long N, long K, float alpha, MemorySegment A, long lda, MemorySegment B, long ldb, float beta, MemorySegment C, long ldc) {
        try {
            return (int) dnnl_sgemm.HANDLE.invokeExact(transa, transb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("should not reach here", t);
        }
    }

    // ============================================================
    // Status checking (hand-written, not jextract's): every dnnl_status_t goes through here.

    /**
     * Returns if {@code status} is {@code dnnl_success}, else throws a {@link DnnlException} naming
     * {@code function}, the status ({@code dnnl_invalid_arguments}, ...) and {@code details}
     * (the shapes, so the message says what to fix).
     */
    public static void check(int status, String function, String details) {
        if (status != dnnl_success) {
            throw new DnnlException(status, function, details);
        }
    }
}
