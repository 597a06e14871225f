package dev.gatun.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the string metadata ({@code "__metadata__": {"k": "v", ...}}) of a safetensors file's
 * header, where Gatun keeps what a model needs to be rebuilt: its kind, sizes, vocabulary.
 * A file without metadata gives an empty map; a malformed header an {@link IOException}
 * naming the file.
 */
public final class CheckpointMetadata {
    private CheckpointMetadata() {}

    public static Map<String, String> read(Path file) throws IOException {
        String header;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] size = in.readNBytes(8);
            if (size.length < 8) {
                throw new IOException(file + ": too short for a safetensors file");
            }
            long n = ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 2 || n > Math.min(100_000_000L, Files.size(file) - 8)) {
                throw new IOException(file + ": header length " + n + " does not fit the file");
            }
            header = new String(in.readNBytes((int) n), StandardCharsets.UTF_8);
        }
        int key = header.indexOf("\"__metadata__\"");
        Map<String, String> out = new LinkedHashMap<>();
        if (key < 0) {
            return out;
        }
        Reader r = new Reader(file, header, header.indexOf(':', key) + 1);
        r.expect('{');
        if (r.peek() == '}') {
            return out;
        }
        do {
            String k = r.string();
            r.expect(':');
            out.put(k, r.string());
        } while (r.comma());
        r.expect('}');
        return out;
    }

    /** Just enough of a JSON reader for an object of strings. */
    private static final class Reader {
        private final Path file;
        private final String s;
        private int at;

        Reader(Path file, String s, int at) {
            this.file = file;
            this.s = s;
            this.at = at;
        }

        char peek() throws IOException {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
            if (at >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(at);
        }

        void expect(char c) throws IOException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        boolean comma() throws IOException {
            if (peek() == ',') {
                at++;
                return true;
            }
            return false;
        }

        String string() throws IOException {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (at < s.length()) {
                char c = s.charAt(at++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (at >= s.length()) {
                    break;
                }
                char e = s.charAt(at++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (at + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        sb.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> sb.append(e); // \" \\ \/
                }
            }
            throw error("unterminated string");
        }

        IOException error(String what) {
            return new IOException(file + ": bad __metadata__ in the safetensors header: " + what + " at " + at);
        }
    }
}
