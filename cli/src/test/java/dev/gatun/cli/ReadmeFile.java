package dev.gatun.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * README.md as the tests read it: its fenced code blocks (with the info string and the block that
 * follows, for the "```java then ```text" convention), and the shell commands it shows (indented
 * code lines and inline code spans that start with a script of this repository).
 */
record ReadmeFile(Path path, List<String> lines) {

    /** A fenced block: its info string ("java", "text", "xml"), its text, and the fenced block right after it (or null). */
    record Block(String info, String text, int line, Block next) {}

    /** The scripts a command shown in README may start with. */
    static final Pattern COMMAND = Pattern.compile("^(\\./gatun|\\./mvnw|bench/[\\w-]+|\\.ci/[\\w-]+)(\\s.*)?$");

    /** The repository's root: the parent of the module this test runs in (Maven runs tests in the module's folder). */
    static Path root() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (!Files.isRegularFile(root.resolve("README.md"))) {
            throw new AssertionError("no README.md in " + root + " (the tests expect to run in the cli module's folder)");
        }
        return root;
    }

    static ReadmeFile read(Path path) {
        try {
            return new ReadmeFile(path, Files.readAllLines(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fenced blocks in order; each knows the block that follows it with only blank lines between. */
    List<Block> blocks() {
        record Raw(String info, String text, int start, int end) {}
        List<Raw> raw = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String open = lines.get(i);
            if (!open.startsWith("```")) {
                continue;
            }
            int close = i + 1;
            while (close < lines.size() && !lines.get(close).startsWith("```")) {
                close++;
            }
            if (close == lines.size()) {
                throw new AssertionError(path + ":" + (i + 1) + ": a code fence that is never closed");
            }
            raw.add(new Raw(open.substring(3).strip(), String.join("\n", lines.subList(i + 1, close)) + "\n", i + 1, close));
            i = close;
        }
        List<Block> blocks = new ArrayList<>();
        Block next = null;
        for (int k = raw.size() - 1; k >= 0; k--) {
            Raw r = raw.get(k);
            boolean adjacent = k + 1 < raw.size()
                    && lines.subList(r.end() + 1, raw.get(k + 1).start() - 1).stream().allMatch(String::isBlank);
            Block b = new Block(r.info(), r.text(), r.start(), adjacent ? next : null);
            blocks.addFirst(b);
            next = b;
        }
        return blocks;
    }

    /** The complete programs: java blocks with a main method. */
    List<Block> programs() {
        return blocks().stream().filter(b -> b.info().equals("java") && b.text().contains("static void main")).toList();
    }

    /**
     * Every command shown: lines of indented code blocks (outside fences) and inline code spans
     * that start with one of the repository's scripts, without a trailing {@code # comment}.
     */
    List<String> commands() {
        List<String> commands = new ArrayList<>();
        boolean inFence = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            if (line.startsWith("    ")) {
                addCommand(commands, line.strip());
            } else {
                Matcher span = Pattern.compile("`([^`]+)`").matcher(line);
                while (span.find()) {
                    addCommand(commands, span.group(1).strip());
                }
            }
        }
        return commands;
    }

    private static void addCommand(List<String> commands, String text) {
        String command = text.replaceFirst("\\s+#\\s.*$", "").strip();
        if (COMMAND.matcher(command).matches()) {
            commands.add(command);
        }
    }

    /** A command's words as a POSIX shell splits them (single and double quotes; no expansions are used in README). */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed quote in: " + command);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
