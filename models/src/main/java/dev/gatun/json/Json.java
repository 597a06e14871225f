package dev.gatun.json;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal JSON writer for the values this project writes (metrics files, safetensors
 * headers): maps with string keys (insertion order kept), lists, double/float/int arrays,
 * strings, numbers, booleans and null. Non-finite numbers, which JSON cannot spell, become null.
 * Numbers are written as the shortest decimal that reads back as the same value of their type: a
 * {@code float} 0.002f as {@code 0.002} (not its double 0.0020000000949949026), whole numbers without a
 * fraction ({@code 3}, not {@code 3.0}).
 */
public final class Json {
    private Json() {}

    /** {@code value} as compact JSON. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1, 0);
        return sb.toString();
    }

    /** {@code value} as JSON indented by two spaces per level; arrays of numbers stay on one line. */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 2, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int indent, int depth) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> string(sb, s);
            case Boolean b -> sb.append(b);
            case Double d -> number(sb, d);
            case Float f -> number(sb, f.floatValue());
            case Number n -> sb.append(n.longValue());
            case double[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    sb.append(i > 0 ? (indent < 0 ? "," : ", ") : "");
                    number(sb, a[i]);
                }
                sb.append(']');
            }
            case float[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    sb.append(i > 0 ? (indent < 0 ? "," : ", ") : "");
                    number(sb, a[i]);
                }
                sb.append(']');
            }
            case int[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    sb.append(i > 0 ? (indent < 0 ? "," : ", ") : "").append(a[i]);
                }
                sb.append(']');
            }
            case long[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    sb.append(i > 0 ? (indent < 0 ? "," : ", ") : "").append(a[i]);
                }
                sb.append(']');
            }
            case Map<?, ?> m -> {
                sb.append('{');
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(i++ > 0 ? "," : "");
                    newline(sb, indent, depth + 1);
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(indent < 0 ? ":" : ": ");
                    write(sb, e.getValue(), indent, depth + 1);
                }
                if (!m.isEmpty()) {
                    newline(sb, indent, depth);
                }
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i > 0 ? "," : "");
                    newline(sb, indent, depth + 1);
                    write(sb, l.get(i), indent, depth + 1);
                }
                if (!l.isEmpty()) {
                    newline(sb, indent, depth);
                }
                sb.append(']');
            }
            default -> throw new IllegalArgumentException("json: cannot write a " + v.getClass().getName());
        }
    }

    private static void newline(StringBuilder sb, int indent, int depth) {
        if (indent >= 0) {
            sb.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private static void number(StringBuilder sb, double d) {
        if (!Double.isFinite(d)) {
            sb.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            sb.append((long) d);
        } else {
            sb.append(shortest(Double.toString(d))); // Java 19+: the shortest decimal that rounds back
        }
    }

    private static void number(StringBuilder sb, float f) {
        if (!Float.isFinite(f)) {
            sb.append("null");
        } else if (f == Math.rint(f) && Math.abs(f) < 1e15) {
            sb.append((long) f);
        } else {
            sb.append(shortest(Float.toString(f)));
        }
    }

    /** Java's {@code 1.0E-4} as {@code 1e-4}: JSON reads both; the short one is what people write. */
    private static String shortest(String javaNumber) {
        return javaNumber.replace(".0E", "E").replace('E', 'e');
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
