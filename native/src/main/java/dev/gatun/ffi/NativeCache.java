package dev.gatun.ffi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The per-user folder the bundled libraries are extracted to, once per content fingerprint:
 * {@code <root>/native/<artifact>-<version>-<fingerprint>/}.
 *
 * <p>Concurrency without locks: a process extracts into a private temporary folder beside the
 * target and renames it into place atomically. A second process racing it either sees the
 * finished folder or loses the rename and uses the winner's copy. A folder is only trusted when
 * its marker (written last) matches and every file has the size and the CRC-32 the marker
 * records; anything else (a truncated file, bytes damaged in place, a deleted library, a
 * half-copied folder from an older tool) is moved aside and extracted again. The CRC is that of the
 * installed bytes, which differ from the jar's where a library name was renamed ({@link ElfSoname}).
 * Checking it costs one read of about 130 MB per start, from the page cache when the machine has
 * run Gatun recently (see docs/reliability.md).
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
     * Installs under {@code root}; if that fails (read-only home, no space), under the one per-user
     * fallback folder ({@link FallbackCache}), keeping the reason as a note. The fallback is
     * keyed by content like the cache, so it is extracted once and reused by every later run
     * instead of a new ~130 MB folder per run. Throws only if both fail.
     */
    static Installed installWithFallback(Path root, NativeBundle.Contents contents) throws IOException {
        return installWithFallback(root, contents, Path.of(System.getProperty("java.io.tmpdir")));
    }

    static Installed installWithFallback(Path root, NativeBundle.Contents contents, Path tmp) throws IOException {
        try {
            return new Installed(install(root, contents), null);
        } catch (IOException cacheFailure) {
            try {
                Path fallback = FallbackCache.root(tmp, System.getProperty("user.name", "user"));
                return new Installed(install(fallback, contents),
                        "cache " + root + " is not usable (" + cacheFailure + "); using " + fallback + " instead");
            } catch (IOException fallbackFailure) {
                fallbackFailure.addSuppressed(cacheFailure);
                throw fallbackFailure;
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

    /**
     * True when the marker describes these contents and every file is there with the size and the
     * CRC-32 the marker records for its installed bytes. Reads every file: a library damaged in
     * place (right size, wrong bytes) would otherwise crash the process inside dlopen.
     */
    static boolean isComplete(Path dir, NativeBundle.Contents contents) {
        try {
            String[] lines = Files.readString(dir.resolve(MARKER), StandardCharsets.UTF_8).split("\n");
            List<NativeBundle.Resource> files = contents.files();
            if (lines.length != files.size() + 1 || !lines[0].equals(contents.folderName())) {
                return false;
            }
            for (int i = 0; i < files.size(); i++) {
                NativeBundle.Resource r = files.get(i);
                String[] fields = lines[i + 1].split(" ");
                if (fields.length != 4 || !(fields[0] + ' ' + fields[1] + ' ' + fields[2]).equals(describe(r))) {
                    return false;
                }
                Path file = dir.resolve(r.name());
                if (Files.size(file) != r.size() || crc(file) != Long.parseLong(fields[3], 16)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** CRC-32 of a whole file, read through a mapping (the JDK's CRC32 is an intrinsic: GB/s). */
    static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            for (long at = 0; at < size; at += Integer.MAX_VALUE) {
                crc.update(ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(Integer.MAX_VALUE, size - at)));
            }
        }
        return crc.getValue();
    }

    /**
     * Copies every file, checks it against the jar's CRC, renames library names in it, and writes
     * the marker last with the CRC of the bytes as installed: a folder with a marker is complete.
     */
    private static void extract(NativeBundle.Contents contents, Path staging) throws IOException {
        StringBuilder marker = new StringBuilder(contents.folderName()).append('\n');
        for (NativeBundle.Resource r : contents.files()) {
            Path file = staging.resolve(r.name());
            try (InputStream in = r.url().openStream()) {
                long copied = Files.copy(in, file);
                if (copied != r.size()) {
                    throw new IOException("extracted " + copied + " bytes of " + r.url() + ", expected " + r.size());
                }
            }
            long copiedCrc = crc(file);
            if (r.crc() >= 0 && copiedCrc != r.crc()) {
                throw new IOException("extracted " + r.url() + " with CRC-32 " + Long.toHexString(copiedCrc)
                        + ", the jar says " + Long.toHexString(r.crc()));
            }
            boolean renamed = !contents.renames().isEmpty() && ElfSoname.rename(file, contents.renames()) > 0;
            marker.append(describe(r)).append(' ').append(Long.toHexString(renamed ? crc(file) : copiedCrc)).append('\n');
        }
        Files.writeString(staging.resolve(MARKER), marker.toString().strip(), StandardCharsets.UTF_8);
    }

    /** {@code name size jarCrc}: what the marker says of a file before its installed CRC. */
    private static String describe(NativeBundle.Resource r) {
        return r.name() + ' ' + r.size() + ' ' + Long.toHexString(r.crc());
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
