package dev.gatun.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code dlopen}/{@code dlsym} from libc through FFM, for loading Gatun's libraries isolated from
 * other copies in the process (glibc only; elsewhere {@link #SUPPORTED} is false and the loader
 * uses {@link SymbolLookup#libraryLookup}).
 *
 * <p>{@code RTLD_LOCAL}: nothing loaded later binds to Gatun's symbols. {@code RTLD_DEEPBIND}:
 * Gatun's libraries resolve their own symbols in themselves and their dependencies before the
 * global scope, so a copy loaded earlier with {@code RTLD_GLOBAL} (netlib's JNI opens the system's
 * {@code libblas.so.3} that way) cannot capture them. Symbols come from {@code dlsym} on that
 * handle. {@code dlmopen} is not used: each namespace gets its own libc and the JVM crashed at
 * thread exit ({@code goacc_destroy_thread}) with it.
 */
@SuppressWarnings("restricted") // the loader is where native code gets linked
final class Dl {
    static final int RTLD_NOW = 0x2, RTLD_LOCAL = 0x0, RTLD_NOLOAD = 0x4, RTLD_DEEPBIND = 0x8;
    /** How Gatun opens its own libraries. */
    static final int ISOLATED = RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND;

    private static final MethodHandle DLOPEN, DLSYM, DLERROR;
    static final boolean SUPPORTED;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        Optional<MemorySegment> open = libc.find("dlopen"), sym = libc.find("dlsym"), error = libc.find("dlerror");
        SUPPORTED = linux && open.isPresent() && sym.isPresent() && error.isPresent();
        DLOPEN = SUPPORTED ? linker.downcallHandle(open.get(), FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT)) : null;
        DLSYM = SUPPORTED ? linker.downcallHandle(sym.get(), FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS)) : null;
        DLERROR = SUPPORTED ? linker.downcallHandle(error.get(), FunctionDescriptor.of(ADDRESS)) : null;
    }

    private Dl() {}

    /** {@code dlopen(name, flags)}; throws {@link IllegalArgumentException} with dlerror's text on failure. */
    static MemorySegment open(String name, int flags) {
        MemorySegment handle = openOrNull(name, flags);
        if (handle == null) {
            throw new IllegalArgumentException(lastError());
        }
        return handle;
    }

    /** True when a library with this soname is already in the process (RTLD_NOLOAD: loads nothing). */
    static boolean isLoaded(String soname) {
        return openOrNull(soname, RTLD_NOW | RTLD_NOLOAD) != null;
    }

    /** The symbols of {@code handle} (the library and its dependencies), never freed: like {@code Arena.global()}. */
    static SymbolLookup lookup(MemorySegment handle) {
        return name -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment address = (MemorySegment) DLSYM.invokeExact(handle, a.allocateFrom(name));
                return address.equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(address);
            } catch (Throwable t) {
                throw new IllegalStateException("dlsym " + name, t);
            }
        };
    }

    private static MemorySegment openOrNull(String name, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment handle = (MemorySegment) DLOPEN.invokeExact(a.allocateFrom(name), flags);
            return handle.equals(MemorySegment.NULL) ? null : handle;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("dlopen " + name, t);
        }
    }

    private static String lastError() {
        try {
            MemorySegment message = (MemorySegment) DLERROR.invokeExact();
            return message.equals(MemorySegment.NULL) ? "dlopen failed" : message.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            return "dlopen failed";
        }
    }
}
