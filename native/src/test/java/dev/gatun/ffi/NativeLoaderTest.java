package dev.gatun.ffi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding, extracting and loading the libraries; overrides; broken and shared caches. */
class NativeLoaderTest {
    @TempDir
    Path temp;

    private static Settings settings(Map<String, String> properties, Map<String, String> env) {
        return new Settings(properties::get, env::get);
    }

    private static NativeLibrary openblas(Settings settings) {
        return new NativeLibrary("OpenBLAS", "openblas", NativeBundle.OPENBLAS, null, LibraryCheck.OPENBLAS, settings);
    }

    @Test
    void overrideNamingAMissingFileIsReportedWithSettingAndFile() throws Throwable {
        NativeLibrary lib = openblas(settings(Map.of("gatun.openblas.path", "/nonexistent/libopenblas.so"), Map.of()));
        String reason = "OpenBLAS not loaded: gatun.openblas.path=/nonexistent/libopenblas.so: file does not exist";
        assertEquals(reason, lib.failureReason());
        assertFalse(lib.isAvailable());
        assertTrue(lib.loadedFrom().isEmpty());
        assertEquals(reason, assertThrows(NativeLibraryUnavailableException.class, lib::lookup).getMessage());
        assertEquals(reason, assertThrows(NativeLibraryUnavailableException.class, lib::lookup).getMessage(), "same reason again");
        // Binding holders get a handle that throws the same reason instead of failing class init.
        MethodHandle handle = lib.downcall("openblas_get_num_threads", FunctionDescriptor.of(JAVA_INT));
        assertEquals(reason, assertThrows(NativeLibraryUnavailableException.class, () -> {
            int unused = (int) handle.invokeExact();
        }).getMessage());
    }

    @Test
    void propertyWinsOverEnvironment() {
        NativeLibrary both = openblas(settings(Map.of("gatun.openblas.path", "/p/lib.so"), Map.of("GATUN_OPENBLAS_PATH", "/e/lib.so")));
        assertEquals("OpenBLAS not loaded: gatun.openblas.path=/p/lib.so: file does not exist", both.failureReason());
        NativeLibrary env = openblas(settings(Map.of(), Map.of("GATUN_OPENBLAS_PATH", "/e/lib.so")));
        assertEquals("OpenBLAS not loaded: GATUN_OPENBLAS_PATH=/e/lib.so: file does not exist", env.failureReason());
    }

    @Test
    void overrideNamingAFileThatIsNotALibrarySaysSo() throws IOException {
        // Not an ELF file, so dlopen refuses it cleanly (the JVM may print a stack-guard warning).
        // A *truncated* ELF is not used here: dlopen can crash the process on one, which is why
        // the cache checks every file's size before anything is loaded from it.
        Path bogus = Files.writeString(temp.resolve("libopenblas.so"), "not an ELF file");
        NativeLibrary lib = openblas(settings(Map.of("gatun.openblas.path", bogus.toString()), Map.of()));
        assertFalse(lib.isAvailable());
        assertTrue(lib.failureReason().startsWith("OpenBLAS not loaded: gatun.openblas.path=" + bogus + ": cannot load"), lib.failureReason());
    }

    @Test
    void overrideNamingATruncatedLibraryIsRefusedBeforeDlopen() throws IOException {
        // dlopen on this file would die of SIGBUS; ElfCheck must see the truncation first.
        Path whole = NativeLibrary.OPENBLAS.loadedFrom().orElseThrow(() -> new AssertionError(NativeLibrary.OPENBLAS.failureReason()));
        assertNull(ElfCheck.problem(whole), "the real library is whole");
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(temp.resolve("libopenblas.so.0"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertNotNull(ElfCheck.problem(truncated));
        NativeLibrary lib = openblas(settings(Map.of("gatun.openblas.path", truncated.toString()), Map.of()));
        assertFalse(lib.isAvailable());
        assertTrue(lib.failureReason().startsWith("OpenBLAS not loaded: gatun.openblas.path=" + truncated + ": truncated ELF file"),
                lib.failureReason());
    }

    @Test
    void overrideNamingAWorkingLibraryLoadsIt() {
        Path installed = NativeLibrary.OPENBLAS.loadedFrom().orElseThrow(() -> new AssertionError(NativeLibrary.OPENBLAS.failureReason()));
        NativeLibrary lib = openblas(settings(Map.of("gatun.openblas.path", installed.toString()), Map.of()));
        assertTrue(lib.isAvailable(), lib::failureReason);
        assertEquals(installed, lib.loadedFrom().orElseThrow());
        assertTrue(lib.lookup().find("cblas_sgemm").isPresent());
    }

    @Test
    void cacheRootFollowsPropertyEnvironmentXdgHome() {
        assertEquals(Path.of("/a/native"), NativeCache.root(settings(Map.of("gatun.native.cache", "/a"), Map.of("GATUN_NATIVE_CACHE", "/b"))));
        assertEquals(Path.of("/b/native"), NativeCache.root(settings(Map.of(), Map.of("GATUN_NATIVE_CACHE", "/b", "XDG_CACHE_HOME", "/x"))));
        assertEquals(Path.of("/x/gatun/native"), NativeCache.root(settings(Map.of("user.home", "/h"), Map.of("XDG_CACHE_HOME", "/x"))));
        assertEquals(Path.of("/h/.cache/gatun/native"), NativeCache.root(settings(Map.of("user.home", "/h"), Map.of())));
    }

    @Test
    void truncatedOrIncompleteCacheIsRepaired() throws IOException {
        NativeBundle.Contents contents = openblasContents();
        Path dir = NativeCache.install(temp, contents);
        assertTrue(NativeCache.isComplete(dir, contents));
        Path file = dir.resolve(contents.files().get(1).name());
        long size = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size / 2); // what a crash or a full disk mid-copy leaves
        }
        assertFalse(NativeCache.isComplete(dir, contents));
        assertEquals(dir, NativeCache.install(temp, contents));
        assertEquals(size, Files.size(file));
        assertTrue(NativeCache.isComplete(dir, contents));

        Files.delete(dir.resolve(NativeCache.MARKER)); // an interrupted older tool, say
        assertEquals(dir, NativeCache.install(temp, contents));
        assertTrue(NativeCache.isComplete(dir, contents));
        assertEquals(List.of(dir), listing(temp), "no staging or trash folders left behind");
    }

    @Test
    void unusableCacheFallsBackToOnePerUserFolderThatIsReusedNotExtractedPerRun() throws IOException {
        Path notADirectory = Files.writeString(temp.resolve("file"), "x");
        Path tmp = Files.createDirectory(temp.resolve("tmp"));
        NativeCache.Installed first = NativeCache.installWithFallback(notADirectory.resolve("native"), openblasContents(), tmp);
        assertNotNull(first.note());
        assertTrue(first.note().contains(notADirectory.resolve("native").toString()), first.note());
        assertTrue(NativeCache.isComplete(first.dir(), openblasContents()));
        long modified = Files.getLastModifiedTime(first.dir().resolve(NativeCache.MARKER)).toMillis();
        NativeCache.Installed second = NativeCache.installWithFallback(notADirectory.resolve("native"), openblasContents(), tmp);
        assertEquals(first.dir(), second.dir(), "the second run reuses the fallback");
        assertEquals(modified, Files.getLastModifiedTime(second.dir().resolve(NativeCache.MARKER)).toMillis(), "not extracted again");
        assertEquals(1, listing(tmp).size(), "one fallback folder, nothing else in the temp folder: " + listing(tmp));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(listing(tmp).getFirst())));
    }

    @Test
    void aFallbackFolderOthersCouldWriteIsRefused() throws IOException {
        Path tmp = Files.createDirectory(temp.resolve("tmp"));
        Path planted = Files.createDirectory(tmp.resolve("gatun-someone"),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(planted, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> FallbackCache.root(tmp, "someone"));
        assertTrue(e.getMessage().contains("rwx------") && e.getMessage().contains(planted.toString()), e.getMessage());
        Files.delete(planted);
        Files.createSymbolicLink(planted, Files.createDirectory(temp.resolve("elsewhere")));
        assertThrows(IOException.class, () -> FallbackCache.root(tmp, "someone"), "a symbolic link is not the user's folder");
    }

    @Test
    void aLibraryDamagedInPlaceIsDetectedAndExtractedAgain() throws IOException {
        NativeBundle.Contents contents = openblasContents();
        Path dir = NativeCache.install(temp, contents);
        Path library = dir.resolve(contents.main().name());
        long size = Files.size(library);
        byte[] good = Files.readAllBytes(library);
        damage(library);
        assertEquals(size, Files.size(library), "same size: only the checksum can tell");
        assertFalse(NativeCache.isComplete(dir, contents));
        assertEquals(dir, NativeCache.install(temp, contents));
        assertTrue(NativeCache.isComplete(dir, contents));
        assertArrayEquals(good, Files.readAllBytes(library), "re-extracted byte for byte");
    }

    @Test
    void theCachedOpenblasAnswersToItsOwnSonameOnly() throws IOException {
        NativeBundle.Contents contents = openblasContents();
        Path dir = NativeCache.install(temp, contents);
        String bytes = new String(Files.readAllBytes(dir.resolve(contents.main().name())), StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("libgatunbla.so.0\0"), "renamed soname");
        assertFalse(bytes.contains("libopenblas.so.0\0"), "no trace of the old soname in the dynamic strings");
        assertTrue(NativeLibrary.OPENBLAS.isAvailable(), NativeLibrary.OPENBLAS::failureReason);
        assertTrue(Dl.isLoaded("libgatunbla.so.0"));
    }

    /** A damaged cached library in a child JVM: before the CRC check, dlopen crashed (SIGSEGV/SIGBUS). */
    @Test
    void aChildJvmRepairsADamagedCacheInsteadOfCrashing() throws Exception {
        Path cache = temp.resolve("cache");
        NativeBundle.Contents contents = openblasContents();
        Path dir = NativeCache.install(cache.resolve("native"), contents);
        damage(dir.resolve(contents.main().name()));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dgatun.native.cache=" + cache,
                "-cp", System.getProperty("java.class.path"), LoaderChild.class.getName(), "0")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("OK") && log.contains(dir.toString()), log);
        assertTrue(NativeCache.isComplete(dir, contents));
    }

    /** Overwrites the ELF program headers and a stretch of code with garbage, keeping the size. */
    static void damage(Path library) throws IOException {
        try (FileChannel ch = FileChannel.open(library, StandardOpenOption.WRITE)) {
            byte[] junk = new byte[4096];
            java.util.Arrays.fill(junk, (byte) 0x5A);
            ch.write(java.nio.ByteBuffer.wrap(junk), 64);
            ch.write(java.nio.ByteBuffer.wrap(junk), ch.size() / 2);
        }
    }

    @Test
    void twoJvmsStartingTogetherOnAnEmptyCacheBothLoad() throws Exception {
        Path cache = temp.resolve("cache");
        String java = ProcessHandle.current().info().command().orElseThrow();
        long start = System.currentTimeMillis() + 2_000; // both children sleep until then, then race
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                    "-Dgatun.native.cache=" + cache, "-cp", System.getProperty("java.class.path"),
                    LoaderChild.class.getName(), Long.toString(start))
                    .redirectErrorStream(true).redirectOutput(temp.resolve("child" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < 2; i++) {
            Process p = children.get(i);
            boolean done = p.waitFor(180, TimeUnit.SECONDS);
            String log = Files.readString(temp.resolve("child" + i + ".log"), StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
            }
            assertTrue(done && p.exitValue() == 0 && log.contains("OK"), "child " + i + " failed:\n" + log);
            assertTrue(log.contains(cache.toString()), "child " + i + " loaded from outside the cache:\n" + log);
        }
        List<String> folders = listing(cache.resolve("native")).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(2, folders.size(), "one folder per library, no leftovers: " + folders);
        assertTrue(folders.stream().anyMatch(f -> f.startsWith("openblas-")) && folders.stream().anyMatch(f -> f.startsWith("dnnl-")), folders::toString);
    }

    private static NativeBundle.Contents openblasContents() throws IOException {
        return NativeBundle.OPENBLAS.resolve(NativeLoaderTest.class.getClassLoader(), Platform.classifier().orElseThrow());
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
