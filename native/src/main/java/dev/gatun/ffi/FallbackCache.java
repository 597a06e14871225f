package dev.gatun.ffi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where the libraries go when the cache folder is unusable (read-only home, no space):
 * {@code <java.io.tmpdir>/gatun-<user>/native}, one folder per user, reused by every run.
 *
 * <p>Why not a fresh temporary folder per run, deleted at exit: each run would copy ~130 MB, and
 * {@code deleteOnExit} cannot be relied on to remove it. It runs only on an orderly exit, never
 * after a crash, {@code kill -9}, an OOM kill or {@code Runtime.halt}, the very exits that leave
 * debris; on Windows a loaded DLL cannot be deleted while mapped, i.e. until the process is gone;
 * and it deletes a folder only when it is empty, in reverse registration order, so any file it
 * did not know about keeps the whole folder. A fixed folder keyed by content (the cache's layout)
 * costs 130 MB once per user and nothing per run.
 *
 * <p>The temporary folder is shared by every user, so the folder must be the current user's and
 * closed to others (created {@code rwx------}; an existing one with another owner or open
 * permissions is refused, since someone else could put a library there). The cache's CRC check
 * then covers what is inside.
 */
final class FallbackCache {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private FallbackCache() {}

    static Path root(Path tmp, String user) throws IOException {
        Path dir = tmp.resolve("gatun-" + user.replaceAll("[^A-Za-z0-9._-]", "_"));
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                if (posix) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createDirectory(dir);
                }
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another JVM of this user made it a moment ago: checked below like any existing one
            }
        }
        if (posix) {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String me = currentUser(tmp);
            if (!a.isDirectory() || !a.owner().getName().equals(me) || !a.permissions().equals(OWNER_ONLY)) {
                throw new IOException("fallback folder " + dir + " is not a directory of " + me
                        + " with permissions rwx------ (found " + a.owner().getName() + " "
                        + PosixFilePermissions.toString(a.permissions()) + (a.isSymbolicLink() ? ", a symbolic link" : "")
                        + "); remove it or set gatun.native.cache");
            }
        } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("fallback folder " + dir + " is not a directory");
        }
        return dir.resolve("native");
    }

    /** The owner of a file this process just created: the user we run as (Java has no getuid). */
    private static String currentUser(Path tmp) throws IOException {
        Path probe = Files.createTempFile(tmp, "gatun-owner-", ".probe");
        try {
            return Files.getOwner(probe).getName();
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
