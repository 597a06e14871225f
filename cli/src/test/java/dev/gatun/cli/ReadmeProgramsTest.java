package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java programs of README.md compile and run as shown. The convention (shared with the
 * consumer check of the published artifacts): every ```java block with {@code static void main}
 * is a complete program with its imports and no package, named by {@code public class NAME}; it
 * prints to standard output, and when a ```text block follows it, that is its output exactly.
 *
 * <p>Each program is compiled against this module's test class path (gatun-models and
 * gatun-native, as a user's build has them) and run in a JVM of its own with README's flags.
 */
class ReadmeProgramsTest {
    private static final Pattern CLASS_NAME = Pattern.compile("public\\s+class\\s+(\\w+)");
    private static final List<String> README_FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "--add-modules",
            "jdk.incubator.vector");

    @TempDir
    Path dir;

    private static List<ReadmeFile.Block> programs() {
        return ReadmeFile.read(ReadmeFile.root().resolve("README.md")).programs();
    }

    @Test
    void readmeShowsProgramsForTensorsTrainingAndServing() {
        List<String> sources = programs().stream().map(ReadmeFile.Block::text).toList();
        assertTrue(sources.size() >= 2 && sources.size() <= 4, "README should show 2-4 programs, has " + sources.size());
        for (String api : List.of("Ops.", "Trainer", "Predictor")) {
            assertTrue(sources.stream().anyMatch(s -> s.contains(api)), "no README program uses " + api);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyProgramCompilesRunsAndPrintsWhatReadmeShows() {
        return programs().stream().map(block -> DynamicTest.dynamicTest(className(block) + " (README.md:" + block.line() + ")",
                () -> compileAndRun(block)));
    }

    private void compileAndRun(ReadmeFile.Block block) throws IOException, InterruptedException {
        String name = className(block);
        assertFalse(block.text().strip().startsWith("package "), name + ": README programs have no package declaration");
        Path src = dir.resolve(name).resolve(name + ".java");
        Path classes = dir.resolve(name).resolve("classes");
        Files.createDirectories(classes);
        Files.writeString(src, block.text());

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString()),
                null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(src)).call();
        assertTrue(compiled, name + " (README.md:" + block.line() + ") does not compile:\n" + diagnostics);

        Run run = run(name, classes);
        assertEquals(0, run.exitCode(), name + " failed:\n" + run.stdout() + run.stderr());
        assertFalse(run.stdout().isBlank(), name + " printed nothing on standard output:\n" + run.stderr());
        ReadmeFile.Block shown = block.next();
        if (shown != null && shown.info().equals("text")) {
            assertEquals(shown.text(), run.stdout(), name + ": the output under it in README.md differs from what it prints");
        }
    }

    private static String className(ReadmeFile.Block block) {
        Matcher m = CLASS_NAME.matcher(block.text());
        if (!m.find()) {
            throw new AssertionError("README.md:" + block.line() + ": a program without 'public class NAME'");
        }
        return m.group(1);
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    /** Runs {@code main} with README's JVM flags; standard error goes to a file so neither pipe can fill up. */
    private Run run(String main, Path classes) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(README_FLAGS);
        command.addAll(List.of("-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), main));
        Path stderr = dir.resolve(main).resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(main + " did not finish in 300 s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(stderr));
    }
}
