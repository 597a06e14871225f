package dev.gatun.ffi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Renames library names inside a 64-bit ELF shared library's dynamic string table, in place and at
 * the same length: the {@code DT_SONAME} of the library itself and the {@code DT_NEEDED} entries of
 * the libraries that depend on it. Nothing moves, so no offset, hash or segment changes.
 *
 * <p>Why: the dynamic linker resolves a {@code DT_NEEDED} entry to any loaded object whose soname
 * matches. With Gatun's OpenBLAS loaded under {@code libopenblas.so.0}, Debian's thin
 * {@code libblas.so.3} (netlib's native path) binds to Gatun's copy instead of the system's, and
 * one side computes wrong answers or crashes. Under a name no other library asks for
 * ({@code libgatunbla.so.0}), Gatun's copy is reachable only through its own handle.
 */
final class ElfSoname {
    private static final long PT_LOAD = 1, PT_DYNAMIC = 2;
    private static final long DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_SONAME = 14;

    private ElfSoname() {}

    /**
     * Rewrites every SONAME/NEEDED string of {@code file} that is a key of {@code renames} to its
     * value (same length). Returns how many strings were rewritten; 0 for a file that is not
     * 64-bit ELF or names none of them.
     */
    static int rename(Path file, Map<String, String> renames) throws IOException {
        for (Map.Entry<String, String> e : renames.entrySet()) {
            if (e.getKey().length() != e.getValue().length()) {
                throw new IllegalArgumentException("a rename must keep the length: " + e);
            }
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer h = read(ch, 0, 64).order(ByteOrder.LITTLE_ENDIAN);
            if (h.remaining() < 64 || h.getInt(0) != 0x464C457F || h.get(4) != 2) {
                return 0;
            }
            h.order(h.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            long phoff = h.getLong(0x20);
            int phentsize = Short.toUnsignedInt(h.getShort(0x36)), phnum = Short.toUnsignedInt(h.getShort(0x38));
            ByteBuffer ph = read(ch, phoff, phentsize * phnum).order(h.order());
            long dynOffset = -1, dynSize = 0;
            for (int i = 0; i < phnum; i++) {
                if (Integer.toUnsignedLong(ph.getInt(i * phentsize)) == PT_DYNAMIC) {
                    dynOffset = ph.getLong(i * phentsize + 0x08);
                    dynSize = ph.getLong(i * phentsize + 0x20);
                }
            }
            if (dynOffset < 0) {
                return 0;
            }
            ByteBuffer dyn = read(ch, dynOffset, (int) dynSize).order(h.order());
            long strtabAddress = -1;
            for (int at = 0; at + 16 <= dyn.limit() && dyn.getLong(at) != DT_NULL; at += 16) {
                if (dyn.getLong(at) == DT_STRTAB) {
                    strtabAddress = dyn.getLong(at + 8);
                }
            }
            long strtab = fileOffset(ph, phentsize, phnum, strtabAddress);
            if (strtab < 0) {
                throw new IOException(file + ": DT_STRTAB address " + strtabAddress + " is in no loaded segment");
            }
            int renamed = 0;
            for (int at = 0; at + 16 <= dyn.limit() && dyn.getLong(at) != DT_NULL; at += 16) {
                long tag = dyn.getLong(at);
                if (tag == DT_NEEDED || tag == DT_SONAME) {
                    long where = strtab + dyn.getLong(at + 8);
                    String name = cString(ch, where);
                    String to = renames.get(name);
                    if (to != null) {
                        ch.write(ByteBuffer.wrap(to.getBytes(StandardCharsets.US_ASCII)), where);
                        renamed++;
                    }
                }
            }
            return renamed;
        }
    }

    /** The file offset of virtual address {@code address}, through the PT_LOAD segment holding it; -1 if none. */
    private static long fileOffset(ByteBuffer ph, int phentsize, int phnum, long address) {
        for (int i = 0; i < phnum; i++) {
            int p = i * phentsize;
            if (Integer.toUnsignedLong(ph.getInt(p)) == PT_LOAD) {
                long offset = ph.getLong(p + 0x08), vaddr = ph.getLong(p + 0x10), fileSize = ph.getLong(p + 0x20);
                if (address >= vaddr && address < vaddr + fileSize) {
                    return offset + (address - vaddr);
                }
            }
        }
        return -1;
    }

    private static String cString(FileChannel ch, long at) throws IOException {
        ByteBuffer b = read(ch, at, 256);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(Arrays.copyOf(bytes, end), StandardCharsets.US_ASCII);
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // read until full or end of file
        }
        return b.flip();
    }
}
