package dev.gatun.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a comma-separated file into a {@link Dataset}: every column is a numeric feature
 * except one label column.
 *
 * <ul>
 *   <li>The label column is chosen by header name or by 0-based index; by default the last.
 *   <li>The header is optional: the first line is a header when one of its fields is not a
 *       number.
 *   <li>Labels: integers or text are class names, numbered in sorted order (numerically for
 *       integers, so -1/1 become classes 0/1); numbers with a fraction make a regression set.
 *   <li>Blank lines and lines starting with {@code #} are skipped; fields may be quoted.
 * </ul>
 *
 * Bad input throws {@link CsvFormatException} naming the file, the line and the column.
 */
public final class CsvLoader {
    /** CSV files are read whole into memory: 1 GiB at most. */
    public static final long MAX_BYTES = 1L << 30;

    private CsvLoader() {}

    /** Loads {@code file} with the label column {@code label} (a header name, an index, or null for the last). */
    public static Dataset load(Path file, String label) {
        List<String> lines;
        try {
            dev.gatun.checkpoint.InputFiles.requireRegular(file, "a CSV file", MAX_BYTES);
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage().startsWith(file.toString()) ? e.getMessage()
                    : "cannot read CSV file " + file + ": " + e.getMessage(), e);
        }
        String where = file.toString();
        List<String[]> records = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.indexOf('\0') >= 0) {
                throw new CsvFormatException(where + ":" + (i + 1) + ": a NUL byte: binary content, expected a CSV text file");
            }
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark from spreadsheet exports
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            records.add(split(line));
            lineNumbers.add(i + 1);
        }
        if (records.isEmpty()) {
            throw new CsvFormatException(where + ": no data rows");
        }
        String[] header = isHeader(records.getFirst(), records.size() > 1 ? records.get(1) : null) ? records.getFirst() : null;
        int firstData = header == null ? 0 : 1;
        if (records.size() == firstData) {
            throw new CsvFormatException(where + ": a header but no data rows");
        }
        int width = records.get(firstData).length;
        if (header != null && header.length != width) {
            throw new CsvFormatException(where + ":" + lineNumbers.get(firstData) + ": " + width
                    + " fields, but the header on line " + lineNumbers.getFirst() + " has " + header.length);
        }
        if (width < 2) {
            throw new CsvFormatException(where + ": needs at least one feature column and a label column, found "
                    + width + " column");
        }
        int labelColumn = labelColumn(where, header, width, label);
        int rows = records.size() - firstData;
        int columns = width - 1;
        float[] x = new float[rows * columns];
        String[] labels = new String[rows];
        for (int r = 0; r < rows; r++) {
            String[] fields = records.get(firstData + r);
            int line = lineNumbers.get(firstData + r);
            if (fields.length != width) {
                throw new CsvFormatException(where + ":" + line + ": " + fields.length + " fields, expected " + width);
            }
            for (int c = 0, j = 0; c < width; c++) {
                if (c == labelColumn) {
                    if (fields[c].isEmpty()) {
                        throw new CsvFormatException(where + ":" + line + ": column " + (c + 1) + name(header, c)
                                + ": empty label");
                    }
                    labels[r] = fields[c];
                } else {
                    x[r * columns + j++] = number(where, line, c, header, fields[c]);
                }
            }
        }
        return labelled(file.getFileName().toString(), x, columns, labels);
    }

    private static Dataset labelled(String name, float[] x, int columns, String[] labels) {
        boolean integers = true, numbers = true;
        for (String s : labels) {
            integers &= s.matches("[+-]?\\d{1,9}");
            numbers &= parses(s);
        }
        if (numbers && !integers) {
            float[] t = new float[labels.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = Float.parseFloat(labels[i]);
            }
            return Dataset.regression(name, x, columns, t);
        }
        if (integers) { // "+1" and "1" are one class
            for (int i = 0; i < labels.length; i++) {
                labels[i] = Integer.toString(Integer.parseInt(labels[i]));
            }
        }
        // Class names in sorted order: numerically for integers (so -1 < 1 < 10), else as text.
        TreeSet<String> distinct = integers
                ? new TreeSet<>(Comparator.comparingInt(Integer::parseInt))
                : new TreeSet<>();
        distinct.addAll(List.of(labels));
        List<String> classes = List.copyOf(distinct);
        if (classes.size() < 2) {
            throw new CsvFormatException(name + ": every row has the label '" + labels[0] + "'; need at least 2 classes");
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            ids.put(classes.get(c), c);
        }
        int[] y = new int[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = ids.get(labels[i]);
        }
        return Dataset.classification(name, x, columns, y, classes);
    }

    private static int labelColumn(String where, String[] header, int width, String label) {
        if (label == null || label.isBlank()) {
            return width - 1;
        }
        if (header != null) {
            for (int c = 0; c < width; c++) {
                if (header[c].equals(label)) {
                    return c;
                }
            }
        }
        if (label.matches("-?\\d+")) {
            int c = Integer.parseInt(label);
            if (c < 0 || c >= width) {
                throw new CsvFormatException(where + ": label column index " + c + " is outside [0, " + width + ")");
            }
            return c;
        }
        throw new CsvFormatException(where + ": no column named '" + label + "'"
                + (header == null ? " (the file has no header; give the label column as a 0-based index)"
                                  : "; columns: " + String.join(", ", header)));
    }

    private static float number(String where, int line, int column, String[] header, String field) {
        if (!parses(field)) {
            throw new CsvFormatException(where + ":" + line + ": column " + (column + 1) + name(header, column) + ": '"
                    + field + "' is not a number");
        }
        float v = Float.parseFloat(field);
        if (!Float.isFinite(v)) {
            throw new CsvFormatException(where + ":" + line + ": column " + (column + 1) + name(header, column) + ": '"
                    + field + "' is not a finite float32");
        }
        return v;
    }

    private static String name(String[] header, int column) {
        return header == null ? "" : " ('" + header[column] + "')";
    }

    private static boolean parses(String s) {
        // Plain decimal numbers only: Java would also accept "NaN", "Infinity" and "1f".
        return s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    }

    /**
     * A first line is a header when a field of it is not a number where the next line has a
     * number (so a text label column alone does not make a header), or when it has no number.
     */
    private static boolean isHeader(String[] first, String[] next) {
        boolean anyNumber = false;
        for (int c = 0; c < first.length; c++) {
            boolean number = parses(first[c]);
            anyNumber |= number;
            if (!number && next != null && c < next.length && parses(next[c])) {
                return true;
            }
        }
        return !anyNumber;
    }

    /** Splits one line on commas; double quotes group a field ("" is a literal quote). */
    private static String[] split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString().strip());
        return fields.toArray(String[]::new);
    }
}
