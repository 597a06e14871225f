package dev.gatun.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code gatun} command line. Exit codes: 0 success, 1 the command failed (one line on
 * standard error saying why; the stack trace too with {@code --verbose}), 2 bad usage.
 */
@Command(name = "gatun", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Deep-learning compute for the JVM: train and inspect models from the command line.",
        subcommands = {TrainCommand.class, SweepCommand.class, XorCommand.class, InfoCommand.class, GenerateCommand.class,
                ExplainCommand.class, QuantizeCommand.class, DistillCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // `gatun` alone: show what there is to run.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // --plot draws without a display
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: for {@link #main} and for running commands in-process (tests). */
    public static CommandLine commandLine() {
        // Training jobs keep their Java thread busy between ops: idle OpenMP workers sleep at once
        // here (gatun-native's GompEnvironment; the library's default spins briefly, for serving).
        // Set before any backend loads; -Dgatun.omp.waitPolicy or OMP_WAIT_POLICY still win.
        if (System.getProperty("gatun.omp.waitPolicy") == null) {
            System.setProperty("gatun.omp.waitPolicy", "passive");
        }
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExecutionExceptionHandler(new OneLineErrors());
        cmd.setParameterExceptionHandler(Main::usageError);
        return cmd;
    }

    /** A usage error: the message, suggestions for a misspelt option, and where the help is; exit code 2. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("gatun: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Prints {@code gatun: <message>} instead of a stack trace, unless --verbose was given. */
    static final class OneLineErrors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
            PrintWriter err = cmd.getErr();
            if (verbose(parsed)) {
                e.printStackTrace(err);
            } else {
                err.println("gatun: " + message(e));
            }
            err.flush();
            return 1;
        }

        private static boolean verbose(ParseResult parsed) {
            for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
                if (p.hasMatchedOption("--verbose")) {
                    return true;
                }
            }
            return false;
        }

        /** The innermost cause's message, since wrappers usually only repeat it. */
        private static String message(Throwable e) {
            Throwable t = e;
            while (t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(String.valueOf(t.getCause())))) {
                t = t.getCause();
            }
            return t.getMessage() == null ? t.toString() : t.getMessage();
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return List.of("gatun " + (v == null ? "0.1.0-SNAPSHOT" : v), "Java " + Runtime.version()).toArray(String[]::new);
        }
    }
}
