package dev.gatun.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The checks every file reader runs before it opens a file: it exists, it is a regular file
 * (opening a FIFO blocks until a writer comes, a device may never end, a directory is no
 * file), and it is not larger than the reader can hold. Symbolic links are followed, as
 * opening would. The messages name what the file was meant to be and the path.
 */
public final class InputFiles {
    private InputFiles() {}

    /**
     * Checks that {@code file} is a regular file of at most {@code maxBytes} and returns its size.
     *
     * @param what what the file should be, with its article, for the message: "a CSV file", "an IDX file"
     */
    public static long requireRegular(Path file, String what, long maxBytes) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class); // follows links, as opening does
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file, expected " + what);
        }
        if (a.isDirectory()) {
            throw new IOException(file + ": is a directory, expected " + what);
        }
        if (!a.isRegularFile()) {
            throw new IOException(file + ": is not a regular file (a FIFO, socket or device), expected " + what);
        }
        if (a.size() > maxBytes) {
            throw new IOException(file + ": " + a.size() + " bytes is more than the " + maxBytes + " allowed for " + what);
        }
        return a.size();
    }
}
