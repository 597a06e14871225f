package dev.gatun.ffi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A cheap look at an ELF shared library before {@code dlopen} sees it. dlopen maps the file and
 * touches the segments its headers promise; on a truncated file that access is past the end of
 * the mapping and the process dies of SIGBUS instead of getting an error. So: when the file is
 * 64-bit ELF, every program header's segment and the section header table must lie inside it.
 * Files that are not ELF (another OS's format, a linker script) are left to dlopen, which
 * rejects them cleanly.
 */
final class ElfCheck {
    private ElfCheck() {}

    /** Null when the file looks whole, else why it cannot be a complete library. */
    static String problem(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer h = read(ch, 0, 64).order(ByteOrder.LITTLE_ENDIAN);
            if (h.remaining() < 64 || h.getInt(0) != 0x464C457F) { // "\x7fELF" read little-endian
                return null;
            }
            if (h.get(4) != 2) {
                return null; // 32-bit ELF: not ours to judge, dlopen refuses it on a 64-bit JVM
            }
            h.order(h.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long phoff = h.getLong(0x20), shoff = h.getLong(0x28);
            int phentsize = Short.toUnsignedInt(h.getShort(0x36)), phnum = Short.toUnsignedInt(h.getShort(0x38));
            int shentsize = Short.toUnsignedInt(h.getShort(0x3A)), shnum = Short.toUnsignedInt(h.getShort(0x3C));
            if (phoff < 0 || phoff + (long) phentsize * phnum > size) {
                return "truncated ELF file: program headers end past its " + size + " bytes";
            }
            if (shoff != 0 && (shoff < 0 || shoff + (long) shentsize * shnum > size)) {
                return "truncated ELF file: section headers end past its " + size + " bytes";
            }
            ByteBuffer ph = read(ch, phoff, phentsize * phnum).order(h.order());
            for (int i = 0; i < phnum; i++) {
                long offset = ph.getLong(i * phentsize + 0x08), fileSize = ph.getLong(i * phentsize + 0x20);
                if (offset < 0 || fileSize < 0 || offset + fileSize > size) {
                    return "truncated ELF file: segment " + i + " ends at byte " + (offset + fileSize) + " of " + size;
                }
            }
            return null;
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // read until full or end of file
        }
        return b.flip();
    }
}
