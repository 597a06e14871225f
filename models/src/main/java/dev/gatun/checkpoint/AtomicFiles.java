package dev.gatun.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that readers see the old content or the whole new content, never a part,
 * even if the process is killed or the machine loses power: write a temporary file beside the
 * target, force it to disk, rename it over the target, then force the directory so the rename
 * itself is durable. A failure (a full disk, a size limit) leaves the target as it was and
 * removes the temporary file; a kill leaves the target as it was and at most a hidden
 * {@code .NAME.*.tmp} beside it.
 *
 * <pre>{@code
 * AtomicFiles.write(path, channel -> channel.write(buffer));
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the file's bytes to a channel positioned at 0. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code content} to {@code target} atomically. A failure throws an {@link IOException}
     * naming the target and the cause ("File too large", "No space left on device").
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(ch);
                ch.force(true);
            }
            keepPermissions(tmp, absolute);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } catch (IOException e) {
            throw new IOException("cannot write " + absolute + " (" + e.getMessage() + "); the file is as it was before", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A temporary file is created owner-only (0600); the file that replaces the target gets the
     * target's permissions, or those of an ordinary new file (rw-r--r--) when there was none.
     */
    private static void keepPermissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, permissions);
    }

    /** Writes {@code buffers} in order to {@code target} atomically. */
    public static void write(Path target, ByteBuffer... buffers) throws IOException {
        write(target, ch -> {
            for (ByteBuffer b : buffers) {
                writeFully(ch, b);
            }
        });
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, ByteBuffer.wrap(bytes));
    }

    /** Writes every remaining byte of {@code b} (a channel may write less than asked). */
    public static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /**
     * Makes a rename in {@code dir} durable (POSIX: fsync the directory). Where directories
     * cannot be opened (Windows), the rename is as durable as the file system makes it.
     */
    private static void forceDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try (ch) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on a directory (EINVAL); the file itself is on disk.
        }
    }
}
