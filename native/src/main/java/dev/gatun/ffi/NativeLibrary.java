package dev.gatun.ffi;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One native library Gatun calls: found, extracted and loaded once, lazily, on first use.
 *
 * <p>Where it comes from, in order: the override ({@code -Dgatun.openblas.path=...} or
 * {@code $GATUN_OPENBLAS_PATH}, likewise {@code dnnl}; the property wins) naming an installed
 * library file; else the copy bundled in the {@code org.bytedeco} carrier jar on the class path,
 * extracted to the per-user cache ({@link NativeCache}). {@link #GOMP} is the OpenMP runtime that
 * comes with oneDNN: it is looked up by its soname after oneDNN loaded, so it is the very
 * instance oneDNN uses (normally the one extracted beside it), never a second copy.
 *
 * <p>dlopen on a truncated or damaged library can crash the process instead of failing, so nothing
 * is loaded unchecked: the cache's files are checked against the sizes and CRC-32s in its marker,
 * and an override must be a whole ELF file ({@link ElfCheck}). Once loaded, a library must offer
 * every function its bindings call and a version they were written for ({@link LibraryCheck});
 * otherwise it counts as not loaded, with the reason.
 *
 * <p>Isolation (Linux): the libraries are opened with {@code RTLD_LOCAL|RTLD_DEEPBIND} and their
 * symbols taken from that handle ({@link Dl}), and the cached OpenBLAS carries the soname
 * {@code libgatunbla.so.0} ({@link ElfSoname}), so another OpenBLAS in the process (netlib's, a
 * system one) and Gatun's never bind to each other's symbols, whichever loads first.
 *
 * <p>Nothing here throws from a static initializer. A failure is kept: {@link #failureReason()}
 * and every later {@link #lookup()} report the same one-line reason, which is also logged once
 * at INFO.
 */
public final class NativeLibrary {
    public static final NativeLibrary OPENBLAS = new NativeLibrary("OpenBLAS", "openblas", NativeBundle.OPENBLAS, null, LibraryCheck.OPENBLAS, Settings.system());
    public static final NativeLibrary DNNL = new NativeLibrary("oneDNN", "dnnl", NativeBundle.DNNL, null, LibraryCheck.DNNL, Settings.system());
    public static final NativeLibrary GOMP = new NativeLibrary("GNU OpenMP (oneDNN's)", null, NativeBundle.DNNL, DNNL, LibraryCheck.GOMP, Settings.system());

    private static final System.Logger LOG = System.getLogger(NativeLibrary.class.getName());

    private final String displayName;
    private final String key; // "openblas" -> gatun.openblas.path / GATUN_OPENBLAS_PATH; null: no override
    private final NativeBundle bundle;
    private final NativeLibrary host; // GOMP comes with DNNL and is loaded after it
    private final LibraryCheck check;
    private final Settings settings;
    private volatile State state; // null until the first use; written once under the lock

    /** Outcome of the one load attempt. Exactly one of {@code lookup} and {@code failure} is set. */
    private record State(SymbolLookup lookup, Path from, String failure, String note) {}

    NativeLibrary(String displayName, String key, NativeBundle bundle, NativeLibrary host, LibraryCheck check, Settings settings) {
        this.displayName = displayName;
        this.key = key;
        this.bundle = bundle;
        this.host = host;
        this.check = check;
        this.settings = settings;
    }

    /** Human name used in messages: {@code OpenBLAS}, {@code oneDNN}, ... */
    public String name() {
        return displayName;
    }

    /** Symbols of the loaded library; loads it on first call. */
    public SymbolLookup lookup() {
        State s = state();
        if (s.lookup == null) {
            throw new NativeLibraryUnavailableException(s.failure);
        }
        return s.lookup;
    }

    public boolean isAvailable() {
        return state().lookup != null;
    }

    /** The file that was loaded; empty when loading failed. */
    public Optional<Path> loadedFrom() {
        return Optional.ofNullable(state().from);
    }

    /** Why the library is unavailable, e.g. {@code OpenBLAS not loaded: ...}; null when it loaded. */
    public String failureReason() {
        return state().failure;
    }

    /** Something worth knowing about a load that worked (the cache was unwritable); null if none. */
    public String note() {
        return state().note;
    }

    /**
     * A downcall handle for {@code symbol}, for the binding classes. If the library or the symbol
     * is missing this does not throw: it returns a handle of the same type that throws
     * {@link NativeLibraryUnavailableException} with the reason on every call. Binding holder
     * classes call this from their static initializers, which therefore never fail.
     */
    @SuppressWarnings("restricted") // binding classes are the one place that links native code
    public MethodHandle downcall(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        State s = state();
        String failure = s.failure;
        if (failure == null) {
            Optional<MemorySegment> address = s.lookup.find(symbol);
            if (address.isPresent()) {
                return Linker.nativeLinker().downcallHandle(address.get(), descriptor, options);
            }
            failure = displayName + " at " + s.from + " has no symbol " + symbol + " (an older version?)";
        }
        return throwing(failure, descriptor.toMethodType());
    }

    private static MethodHandle throwing(String reason, MethodType type) {
        try {
            MethodHandle create = MethodHandles.lookup().findConstructor(
                    NativeLibraryUnavailableException.class, MethodType.methodType(void.class, String.class));
            MethodHandle thrower = MethodHandles.foldArguments(
                    MethodHandles.throwException(type.returnType(), NativeLibraryUnavailableException.class),
                    MethodHandles.insertArguments(create, 0, reason));
            return MethodHandles.dropArguments(thrower, 0, type.parameterList());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private State state() {
        State s = state;
        if (s == null) {
            synchronized (this) {
                s = state;
                if (s == null) {
                    s = load();
                    state = s;
                    if (s.failure != null) {
                        LOG.log(System.Logger.Level.INFO, s.failure);
                    } else if (s.note != null) {
                        LOG.log(System.Logger.Level.INFO, displayName + ": " + s.note);
                    }
                }
            }
        }
        return s;
    }

    private State load() {
        String prefix = displayName + " not loaded: ";
        try {
            return host != null ? loadCompanion(prefix) : loadOwn(prefix);
        } catch (RuntimeException | LinkageError e) {
            // Whatever goes wrong, keep a reason instead of failing a caller's class init.
            return failed(prefix + e);
        }
    }

    private State loadOwn(String prefix) {
        if (bundle == NativeBundle.DNNL) {
            // Hook for the thread pools (kernels work): libgomp, which oneDNN loads, reads its
            // wait policy only in its constructor, so it is set now (see GompEnvironment).
            dev.gatun.ffi.gomp.GompEnvironment.prepare();
        }
        Settings.Setting override = settings.get("gatun." + key + ".path", "GATUN_" + key.toUpperCase(java.util.Locale.ROOT) + "_PATH");
        if (override != null) {
            Path file = Path.of(override.value()).toAbsolutePath();
            if (!Files.exists(file)) {
                return failed(prefix + override + ": file does not exist");
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                return failed(prefix + override + ": not a readable file");
            }
            try {
                String damaged = ElfCheck.problem(file);
                if (damaged != null) {
                    return failed(prefix + override + ": " + damaged);
                }
            } catch (IOException e) {
                return failed(prefix + override + ": cannot read: " + e.getMessage());
            }
            return open(file, prefix + override + ": ", null);
        }
        Optional<String> classifier = Platform.classifier();
        if (classifier.isEmpty()) {
            return failed(prefix + "no bundled build for this platform (" + Platform.describe() + "); set "
                    + "gatun." + key + ".path to an installed library");
        }
        try {
            NativeBundle.Contents contents = bundle.resolve(NativeLibrary.class.getClassLoader(), classifier.get());
            NativeCache.Installed installed = NativeCache.installWithFallback(NativeCache.root(settings), contents);
            loadCompanions(installed.dir(), contents);
            return open(installed.dir().resolve(contents.main().name()), prefix, installed.note());
        } catch (IOException e) {
            return failed(prefix + e.getMessage());
        }
    }

    /** GOMP: the OpenMP runtime oneDNN itself linked to, found by soname once oneDNN is in. */
    @SuppressWarnings("restricted")
    private State loadCompanion(String prefix) {
        if (!host.isAvailable()) {
            return failed(prefix + "it comes with oneDNN, which is unavailable (" + host.failureReason() + ")");
        }
        Optional<String> soname = Platform.classifier().flatMap(c -> bundle.fileStartingWith(c, "libgomp"));
        if (soname.isEmpty()) {
            return failed(prefix + "oneDNN on this platform (" + Platform.describe() + ") does not use GNU OpenMP");
        }
        try {
            // By name, not by path: the dynamic linker returns the already-loaded instance.
            SymbolLookup lookup = SymbolLookup.libraryLookup(soname.get(), Arena.global());
            String wrong = check.problem(lookup);
            if (wrong != null) {
                return failed(prefix + soname.get() + " " + wrong);
            }
            Path beside = host.loadedFrom().map(p -> p.resolveSibling(soname.get())).filter(Files::exists).orElse(null);
            return new State(lookup, beside, null, null);
        } catch (IllegalArgumentException e) {
            return failed(prefix + soname.get() + " is not loaded by oneDNN: " + e.getMessage());
        }
    }

    /**
     * Loads the bundle's companions (libgcc_s, libquadmath, libgfortran; libgomp) from the cache
     * before the library, dependencies first, so the bundle is self-sufficient: {@code $ORIGIN} in
     * the library's RUNPATH does not carry to libgfortran's own dependencies, which would otherwise
     * come from the system or be missing. A companion whose soname is already in the process (the
     * JVM's libgcc_s, another library's libgomp) is left to that copy, as the dynamic linker would
     * resolve it anyway: two copies of an unwinder or an OpenMP runtime in one process is worse.
     */
    private static void loadCompanions(Path dir, NativeBundle.Contents contents) {
        if (!Dl.SUPPORTED) {
            return; // RUNPATH $ORIGIN covers the direct dependencies there
        }
        List<NativeBundle.Resource> companions = contents.files().subList(1, contents.files().size());
        for (NativeBundle.Resource r : companions.reversed()) {
            if (!Dl.isLoaded(r.name())) {
                Dl.open(dir.resolve(r.name()).toString(), Dl.ISOLATED);
            }
        }
    }

    /** Opens {@code file} isolated ({@link Dl}) where the platform allows, then checks what it offers. */
    @SuppressWarnings("restricted")
    private State open(Path file, String prefix, String note) {
        SymbolLookup lookup;
        try {
            lookup = Dl.SUPPORTED ? Dl.lookup(Dl.open(file.toString(), Dl.ISOLATED)) : SymbolLookup.libraryLookup(file, Arena.global());
        } catch (IllegalArgumentException e) {
            // dlopen's message names the missing dependency, e.g. "libstdc++.so.6: cannot open ...".
            return failed(prefix + "cannot load " + file + ": " + e.getMessage());
        }
        String wrong = check.problem(lookup);
        if (wrong != null) {
            // Left mapped (a library cannot be unloaded safely once its constructors ran) but never called.
            return failed(prefix + file + " " + wrong);
        }
        return new State(lookup, file, null, note);
    }

    private static State failed(String reason) {
        return new State(null, null, reason, null);
    }

    @Override
    public String toString() {
        State s = state;
        return displayName + (s == null ? " (not loaded yet)" : s.failure != null ? " (" + s.failure + ")" : " from " + s.from);
    }
}
