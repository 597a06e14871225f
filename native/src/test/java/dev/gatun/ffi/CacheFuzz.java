package dev.gatun.ffi;

import dev.gatun.tensor.Rng;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Fuzzing of damaged caches: a cache folder is damaged at random (bytes overwritten at a random
 * place, the size kept; a file truncated, emptied, deleted or replaced by a folder; the marker
 * edited or deleted; a stray file added) and {@link NativeCache#install} must hand back a folder
 * whose every file is intact again. Then, once per JVM (a library loads once), a last random
 * damage and real loads of OpenBLAS and oneDNN from that cache, each answering a call. Runs in its
 * own JVM ({@link NativeFuzzTest}): a damaged library reaching dlopen would crash it.
 * Prints {@code cache fuzz ok: ...} last or exits 1.
 *
 * <p>Usage: {@code CacheFuzz SEED CASES DIR}.
 */
public final class CacheFuzz {
    private static final String[] DAMAGES = {"overwrite", "truncate", "empty", "delete", "folder", "marker", "no-marker", "stray"};

    private CacheFuzz() {}

    public static void main(String[] args) throws Throwable {
        Rng rng = new Rng(Long.parseLong(args[0]));
        int cases = Integer.parseInt(args[1]);
        Path cache = Path.of(args[2]);
        ClassLoader loader = CacheFuzz.class.getClassLoader();
        String classifier = Platform.classifier().orElseThrow();
        NativeBundle.Contents[] bundles = {NativeBundle.OPENBLAS.resolve(loader, classifier), NativeBundle.DNNL.resolve(loader, classifier)};
        int[] counts = new int[DAMAGES.length];
        for (int i = 0; i <= cases; i++) {
            for (NativeBundle.Contents contents : bundles) {
                Path dir = NativeCache.install(cache.resolve("native"), contents);
                int kind = rng.nextInt(DAMAGES.length);
                counts[kind]++;
                damage(rng, dir, contents, DAMAGES[kind]);
                if (i == cases) {
                    continue; // the last damage is left for the real loads below
                }
                Path repaired = NativeCache.install(cache.resolve("native"), contents);
                if (!repaired.equals(dir) || !NativeCache.isComplete(repaired, contents)) {
                    fail("case " + i + ": " + DAMAGES[kind] + " of " + contents.folderName() + " not repaired");
                }
            }
        }
        Settings settings = new Settings(Map.of("gatun.native.cache", cache.toString())::get, name -> null);
        NativeLibrary openblas = new NativeLibrary("OpenBLAS", "openblas", NativeBundle.OPENBLAS, null, LibraryCheck.OPENBLAS, settings);
        NativeLibrary dnnl = new NativeLibrary("oneDNN", "dnnl", NativeBundle.DNNL, null, LibraryCheck.DNNL, settings);
        int threads = (int) openblas.downcall("openblas_get_num_threads", FunctionDescriptor.of(ValueLayout.JAVA_INT)).invokeExact();
        MemorySegment version = (MemorySegment) dnnl.downcall("dnnl_version", FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
        if (threads < 1 || version.equals(MemorySegment.NULL)) {
            fail("loaded libraries answered nonsense: " + threads + " threads, version " + version);
        }
        if (!openblas.loadedFrom().orElseThrow().startsWith(cache) || !dnnl.loadedFrom().orElseThrow().startsWith(cache)) {
            fail("loaded from outside the fuzzed cache: " + openblas.loadedFrom() + ", " + dnnl.loadedFrom());
        }
        System.out.println("damages per kind " + Arrays.toString(DAMAGES) + ": " + Arrays.toString(counts));
        System.out.println("cache fuzz ok: " + cases + " damaged caches repaired per library, then loaded after a last damage");
    }

    private static void damage(Rng rng, Path dir, NativeBundle.Contents contents, String kind) throws IOException {
        Path file = dir.resolve(contents.files().get(rng.nextInt(contents.files().size())).name());
        long size = Files.size(file);
        switch (kind) {
            case "overwrite" -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    byte[] junk = new byte[1 + rng.nextInt(64)];
                    for (int j = 0; j < junk.length; j++) {
                        junk[j] = (byte) rng.nextInt(256);
                    }
                    long at = (long) (rng.nextFloat() * Math.max(1, size - junk.length));
                    ByteBuffer old = ByteBuffer.allocate(1);
                    ch.read(old, at);
                    junk[0] = (byte) ~old.get(0); // the first byte surely changes: the size stays, the content does not
                    ch.write(ByteBuffer.wrap(junk), at);
                }
            }
            case "truncate" -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate((long) (rng.nextFloat() * size));
                }
            }
            case "empty" -> Files.write(file, new byte[0]);
            case "delete" -> Files.delete(file);
            case "folder" -> {
                Files.delete(file);
                Files.createDirectory(file);
            }
            case "marker" -> Files.writeString(dir.resolve(NativeCache.MARKER),
                    Files.readString(dir.resolve(NativeCache.MARKER), StandardCharsets.UTF_8).replace(' ', '\t'), StandardCharsets.UTF_8);
            case "no-marker" -> Files.delete(dir.resolve(NativeCache.MARKER));
            case "stray" -> Files.writeString(dir.resolve("stray.txt"), "not ours"); // harmless: must still be trusted
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private static void fail(String why) {
        System.out.println("cache fuzz FAILED: " + why);
        System.exit(1);
    }
}
