package dev.gatun.cli;

import dev.gatun.cli.models.SparkTraining;
import dev.gatun.cli.models.TrainConfig;
import dev.gatun.cli.models.Training;
import dev.gatun.report.ProgressBar;
import dev.gatun.report.StepLosses;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatun train MODEL [options]}: trains one model and reports its validation accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model and print its validation accuracy.",
                "Example: gatun train mlp --data moons --hidden 32 --epochs 50 --plot curves.png"})
final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", completionCandidates = ModelNames.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String model;

    @Mixin
    TrainOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainConfig config = Usage.config(spec, options, model);
        InputsAndOutputs.forTraining(spec, options).check(); // before training: no hour of work ends in "cannot write"
        StepLosses steps = new StepLosses(ProgressBar.toConsole(out)); // for the per-step curve of --plot
        try (Training.Run run = options.spark == null ? Training.run(config, steps)
                : SparkTraining.run(config, options.spark, steps)) {
            RunOutputs.summarize(out, run.result(), config.precision());
            RunOutputs.write(out, options, run, steps);
        }
        out.flush();
        return 0;
    }
}
