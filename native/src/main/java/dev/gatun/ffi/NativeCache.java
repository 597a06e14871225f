package dev.gatun.ffi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The per-user folder the bundled libraries are extracted to, once per content fingerprint:
 * {@code <root>/native/<artifact>-<version>-<fingerprint>/}.
 *
 * <p>Concurrency without locks: a process extracts into a private temporary folder beside the
 * target and renames it into place atomically. A second process racing it either sees the
 * finished folder or loses the rename and uses the winner's copy. A folder is only trusted when
 * its marker (written last) matches and every file has the size the jar says; anything else
 * (a truncated file, a deleted library, a half-copied folder from an older tool) is moved aside
 * and extracted again.
 */
final class NativeCache {
    static final String MARKER = ".gatun-complete";
    private static final int ATTEMPTS = 4;

    private NativeCache() {}

    /** {@code gatun.native.cache | $GATUN_NATIVE_CACHE | $XDG_CACHE_HOME/gatun | ~/.cache/gatun}, plus {@code /native}. */
    static Path root(Settings settings) {
        Settings.Setting explicit = settings.get("gatun.native.cache", "GATUN_NATIVE_CACHE");
        if (explicit != null) {
            return Path.of(explicit.value()).resolve("native");
        }
        String xdg = settings.env().apply("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg).resolve("gatun")
                : Path.of(settings.property().apply("user.home"), ".cache", "gatun");
        return base.resolve("native");
    }

    /** Where a library was put, and why it is not in the cache when it could not go there. */
    record Installed(Path dir, String note) {}

    /**
     * Installs under {@code root}; if that fails (read-only home, no space), into a fresh
     * temporary folder, keeping the reason as a note. Throws only if both fail.
     */
    static Installed installWithFallback(Path root, NativeBundle.Contents contents) throws IOException {
        try {
            return new Installed(install(root, contents), null);
        } catch (IOException cacheFailure) {
            Path temp = Files.createTempDirectory("gatun-native-");
            try {
                return new Installed(install(temp, contents),
                        "cache " + root + " is not usable (" + cacheFailure + "); extracted to " + temp + " instead");
            } catch (IOException tempFailure) {
                tempFailure.addSuppressed(cacheFailure);
                throw tempFailure;
            }
        }
    }

    /** Returns {@code root/<folderName>} holding every bundled file, extracting it if needed. */
    static Path install(Path root, NativeBundle.Contents contents) throws IOException {
        Path target = root.resolve(contents.folderName());
        if (isComplete(target, contents)) {
            return target; // the common case: one stat per file, no writes
        }
        Files.createDirectories(root);
        for (int attempt = 1; ; attempt++) {
            Path staging = Files.createTempDirectory(root, "." + contents.folderName() + ".tmp-");
            try {
                extract(contents, staging);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } catch (IOException renameFailed) {
                // Most often another process won the race and the target now exists.
                if (isComplete(target, contents)) {
                    return target;
                }
                if (attempt == ATTEMPTS) {
                    throw renameFailed;
                }
                moveAside(root, target, contents); // broken or half-written: make room and try again
            } finally {
                deleteTree(staging); // nothing left after a successful move
            }
        }
    }

    /** True when the marker matches and every file is there with the size the jar says. */
    static boolean isComplete(Path dir, NativeBundle.Contents contents) {
        try {
            if (!Files.readString(dir.resolve(MARKER), StandardCharsets.UTF_8).equals(marker(contents))) {
                return false;
            }
            for (NativeBundle.Resource r : contents.files()) {
                if (Files.size(dir.resolve(r.name())) != r.size()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void extract(NativeBundle.Contents contents, Path staging) throws IOException {
        for (NativeBundle.Resource r : contents.files()) {
            Path file = staging.resolve(r.name());
            try (InputStream in = r.url().openStream()) {
                long copied = Files.copy(in, file);
                if (copied != r.size()) {
                    throw new IOException("extracted " + copied + " bytes of " + r.url() + ", expected " + r.size());
                }
            }
        }
        // Written last: a folder with a marker has every file complete.
        Files.writeString(staging.resolve(MARKER), marker(contents), StandardCharsets.UTF_8);
    }

    private static String marker(NativeBundle.Contents contents) {
        StringBuilder s = new StringBuilder(contents.folderName()).append('\n');
        for (NativeBundle.Resource r : contents.files()) {
            s.append(r.name()).append(' ').append(r.size()).append(' ').append(Long.toHexString(r.crc())).append('\n');
        }
        return s.toString();
    }

    /**
     * Renames a broken folder to a unique trash name, then deletes it. Renaming first means a
     * process that has the old files mapped keeps them (Linux keeps unlinked inodes alive) and
     * the target name is free for an atomic rename at once.
     */
    private static void moveAside(Path root, Path target, NativeBundle.Contents contents) {
        // Look again right before moving: a racing process may have just repaired it, and moving a
        // good folder away would leave a short window in which its files are missing.
        if (isComplete(target, contents)) {
            return;
        }
        try {
            Path trash = Files.createTempDirectory(root, "." + target.getFileName() + ".trash-");
            Path moved = trash.resolve("old");
            Files.move(target, moved, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(trash);
        } catch (NoSuchFileException gone) {
            // Another process moved it already.
        } catch (IOException e) {
            // Leave it; the next rename attempt reports the real failure.
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Best effort: a leftover temporary folder is harmless and has a unique name.
        }
    }
}
