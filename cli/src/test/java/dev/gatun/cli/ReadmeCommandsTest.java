package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every command README.md shows is one that exists: each {@code ./gatun ...} line parses with the
 * real command line (alternatives written {@code a|b|c} are each parsed), and each script it names
 * is there and executable. The two set-up commands run for real: {@code ./mvnw -B verify} is CI's
 * test command, {@code ./gatun train mlp} runs in {@link TrainMlpCommandTest}; the README's Java
 * programs run in {@code .ci/consumer-check}.
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of("..");
    /** A command in backticks, or on an indented line of its own. */
    private static final Pattern COMMAND = Pattern.compile("`((?:\\./gatun|\\./mvnw|bench/[a-z-]+)[^`]*)`|^ {4}((?:\\./gatun|\\./mvnw|bench/[a-z-]+)\\S*(?: [^#\\n]*)?)",
            Pattern.MULTILINE);

    private static List<String> commands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> out = new ArrayList<>();
        Matcher m = COMMAND.matcher(readme);
        while (m.find()) {
            out.add((m.group(1) != null ? m.group(1) : m.group(2)).strip());
        }
        return out;
    }

    /** "train mlp|lstm --x 1" -> "train mlp --x 1", "train lstm --x 1". */
    private static List<List<String>> expand(List<String> words) {
        List<List<String>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (String w : words) {
            String[] choices = w.contains("|") && !w.startsWith("-") ? w.split("\\|") : new String[] {w};
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : out) {
                for (String c : choices) {
                    List<String> l = new ArrayList<>(prefix);
                    l.add(c);
                    next.add(l);
                }
            }
            out = next;
        }
        return out;
    }

    @Test
    void everyGatunCommandInReadmeParses() throws IOException {
        List<String> gatun = commands().stream().filter(c -> c.startsWith("./gatun")).toList();
        assertFalse(gatun.isEmpty(), "README shows gatun commands");
        for (String command : gatun) {
            List<String> words = List.of(command.substring("./gatun".length()).trim().split("\\s+"));
            for (List<String> args : expand(words)) {
                if (args.contains("--help") || args.isEmpty() || args.getFirst().isEmpty()) {
                    continue;
                }
                assertDoesNotThrow(() -> Main.commandLine().parseArgs(args.toArray(String[]::new)),
                        "README's `" + command + "` as " + args);
            }
        }
    }

    @Test
    void everyScriptInReadmeIsThereAndExecutable() throws IOException {
        for (String command : commands()) {
            String script = command.split("\\s+")[0];
            Path file = ROOT.resolve(script);
            assertTrue(Files.isRegularFile(file) && Files.isExecutable(file), "README names " + script + ", which must be an executable file");
        }
    }

    @Test
    void everyRelativeLinkInReadmeAndDocsPointsAtAFile() throws IOException {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)]*)?\\)");
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (var docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        for (Path page : pages) {
            Matcher m = link.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.contains("://")) {
                    continue;
                }
                assertTrue(Files.exists(page.getParent().resolve(target)), page + " links to " + target + ", which is missing");
            }
        }
    }
}
