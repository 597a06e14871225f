package dev.gatun.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process and keeps what it printed. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** The last line printed that starts with {@code prefix}. */
    String line(String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in:\n" + out + err));
    }

    /** The percentage in a line like "validation accuracy 99.50% (loss 0.0213)", as a fraction. */
    static double percent(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+\\.\\d+)%").matcher(line);
        if (!m.find()) {
            throw new AssertionError("no percentage in: " + line);
        }
        return Double.parseDouble(m.group(1)) / 100;
    }
}
