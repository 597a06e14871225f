package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command README.md shows is one this repository accepts:
 * <ul>
 *   <li>{@code ./gatun ...}: picocli parses it with the real command line (options, values and
 *       the model name checked); the ones that read no file, write none and take seconds are
 *       also run in-process and must succeed and print something. The others (they need a saved
 *       model, write files or train for a minute) are only parsed here.
 *   <li>{@code ./mvnw ...}, {@code bench/...}, {@code .ci/...}: the script exists and is
 *       executable, and its first argument is a mode its usage line names; the test command is
 *       the one {@code .ci/run} runs.
 * </ul>
 */
class ReadmeCommandsTest {
    /** Options that name files to read or write, or a data set that may need installing: such commands are only parsed. */
    private static final Set<String> FILE_OPTIONS = Set.of("--model", "--save", "--json", "--plot", "--out", "--data");

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
        List<String> args = words.subList(1, words.size());
        if (words.getFirst().equals("./gatun")) {
            checkGatun(command, args);
        } else if (!args.isEmpty() && !args.getFirst().startsWith("-")) {
            String usage = Files.readAllLines(script).stream().filter(l -> l.contains("Usage: " + words.getFirst()))
                    .findFirst().orElseThrow(() -> new AssertionError(script + " has no 'Usage: " + words.getFirst() + "' line"));
            assertTrue(usage.matches(".*[\\[| ]" + args.getFirst() + "[]| ].*"),
                    command + ": '" + args.getFirst() + "' is not a mode of " + usage);
        }
    }

    private static void checkGatun(String command, List<String> args) {
        String[] argv = args.toArray(String[]::new);
        try {
            Main.commandLine().parseArgs(argv);
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(command + ": the command line rejects it: " + e.getMessage(), e);
        }
        if (args.stream().noneMatch(a -> FILE_OPTIONS.contains(a.split("=")[0]))) {
            Cli run = Cli.run(argv);
            assertEquals(0, run.exitCode(), command + " failed:\n" + run.out() + run.err());
            assertFalse(run.out().isBlank(), command + " printed nothing");
        }
    }
}
