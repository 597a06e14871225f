package dev.gatun.data;

/** A CSV file that cannot be read as a data set; the message names the file, line and column. */
public final class CsvFormatException extends IllegalArgumentException {
    public CsvFormatException(String message) {
        super(message);
    }
}
