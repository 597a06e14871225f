package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command README.md shows is one this repository accepts (alternatives written
 * {@code a|b|c} are each checked):
 * <ul>
 *   <li>{@code ./gatun ...}: picocli parses it with the real command line (options, values and
 *       the model name checked). A command with no alternatives that reads no file, writes none
 *       and needs no installed data also runs in-process here and must succeed and print; the
 *       rest are only parsed here ({@code ./gatun train mlp} also runs in
 *       {@link TrainMlpCommandTest}, every model's default job in {@code TrainModelsCommandTest}
 *       and {@code ModelLearningTest}, explain and generate on saved models in
 *       {@code TrainModelsCommandTest}).
 *   <li>{@code ./mvnw ...}, {@code bench/...}, {@code .ci/...}: the script exists and is
 *       executable, and a plain first argument is a mode its usage line names. {@code ./mvnw -B
 *       verify} is CI's test command (checked against {@code .ci/run}); README's Java programs
 *       run in {@link ReadmeProgramsTest} and {@code .ci/consumer-check}.
 * </ul>
 */
class ReadmeCommandsTest {
    /** Options that name files to read or write, or data that may need installing: such commands are only parsed. */
    private static final Set<String> FILE_OPTIONS = Set.of("--model", "--teacher", "--save", "--json", "--plot", "--out",
            "--data");

    private static final Path ROOT = ReadmeFile.root();

    private static List<String> commands() {
        return ReadmeFile.read(ROOT.resolve("README.md")).commands();
    }

    @Test
    void readmeShowsTheTwoSetUpCommands() {
        List<String> commands = commands();
        assertTrue(commands.contains("./gatun train mlp"), "README should show the main job: " + commands);
        assertTrue(commands.contains("./mvnw -B verify"), "README should show the test command: " + commands);
    }

    @Test
    void theTestCommandIsWhatCiRuns() throws IOException {
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::strip).toList();
        assertTrue(ci.contains("./mvnw -B verify"), ".ci/run should run README's test command './mvnw -B verify'");
    }

    @TestFactory
    Stream<DynamicTest> everyCommandIsAccepted() {
        return commands().stream().distinct().map(c -> DynamicTest.dynamicTest(c, () -> check(c)));
    }

    private static void check(String command) throws IOException {
        List<String> words = ReadmeFile.words(command);
        Path script = ROOT.resolve(words.getFirst());
        assertTrue(Files.isRegularFile(script) && Files.isExecutable(script), command + ": no executable " + script);
        List<List<String>> variants = expand(words.subList(1, words.size()));
        for (List<String> args : variants) {
            if (words.getFirst().equals("./gatun")) {
                checkGatun(command, args, variants.size() == 1);
            } else if (!args.isEmpty() && args.getFirst().matches("[a-z][a-z0-9-]*")) {
                String usage = Files.readAllLines(script).stream().filter(l -> l.contains("Usage: " + words.getFirst()))
                        .findFirst().orElseThrow(() -> new AssertionError(script + " has no 'Usage: " + words.getFirst() + "' line"));
                assertTrue(usage.matches(".*[\\[| ]" + args.getFirst() + "[]| ].*"),
                        command + ": '" + args.getFirst() + "' is not a mode of " + usage);
            }
        }
    }

    /** "train mlp|lstm --x 1" -> [train, mlp, --x, 1], [train, lstm, --x, 1]. */
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

    private static void checkGatun(String command, List<String> args, boolean runIt) {
        String[] argv = args.toArray(String[]::new);
        try {
            Main.commandLine().parseArgs(argv);
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(command + " as " + args + ": the command line rejects it: " + e.getMessage(), e);
        }
        if (runIt && args.stream().noneMatch(a -> FILE_OPTIONS.contains(a.split("=")[0]))) {
            Cli run = Cli.run(argv);
            assertEquals(0, run.exitCode(), command + " failed:\n" + run.out() + run.err());
            assertFalse(run.out().isBlank(), command + " printed nothing");
        }
    }
}
