package dev.gatun.cli;

import dev.gatun.cli.models.CnnKind;
import dev.gatun.cli.models.Distillation;
import dev.gatun.cli.models.Evaluation;
import dev.gatun.cli.models.TrainConfig;
import dev.gatun.cli.models.Training;
import dev.gatun.data.Dataset;
import dev.gatun.report.ProgressBar;
import dev.gatun.report.StepLosses;
import dev.gatun.nn.Sequential;
import dev.gatun.train.WeightArray;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gatun distill}: trains a small student on a saved cnn teacher's soft outputs
 * (knowledge distillation) with the train command's options and outputs, then says how the two
 * compare in size and accuracy.
 */
@Command(name = "distill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a student model on a saved cnn teacher's soft outputs (knowledge distillation).",
                "Example: gatun distill --teacher cnn.safetensors --student cnn-small --data fashion-mnist --epochs 3"})
final class DistillCommand implements Callable<Integer> {
    @Option(names = "--teacher", required = true, paramLabel = "FILE",
            description = "The teacher: a cnn saved by gatun train cnn --save (or its int8 version from gatun quantize).")
    Path teacher;

    @Option(names = "--student", required = true, paramLabel = "MODEL",
            description = "The student: mlp, cnn-small, cnn or logreg (sized by --hidden as in gatun train).")
    String student;

    @Option(names = "--temperature", defaultValue = "4", paramLabel = "T",
            description = "Softens the teacher's and the student's softmax in the soft term (default: 4).")
    float temperature;

    @Option(names = "--alpha", defaultValue = "0.9", paramLabel = "A",
            description = "Weight of the teacher's soft targets; 1 - A goes to the labels' cross-entropy (default: 0.9).")
    float alpha;

    @Mixin
    TrainOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (options.spark != null) {
            throw new ParameterException(spec.commandLine(), "--spark: distillation trains on this machine only");
        }
        TrainConfig config;
        try {
            config = Usage.config(spec, options, student).toBuilder()
                    .distillation(new Distillation(teacher, temperature, alpha)).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        InputsAndOutputs.forTraining(spec, options).input("--teacher", teacher).check();
        long teacherParameters;
        try (Sequential t = CnnKind.open(teacher).net()) {
            teacherParameters = Evaluation.parameters(t);
        }
        StepLosses steps = new StepLosses(ProgressBar.toConsole(out));
        try (Training.Run run = Training.run(config, steps)) {
            RunOutputs.summarize(out, run.result(), config.precision());
            long studentParameters = parameters(run.result().weights());
            out.printf(Locale.ROOT, "distilled at T %s, alpha %s from %s: teacher %,d parameters, validation accuracy %s;"
                            + " student %,d parameters (%.1fx smaller), validation accuracy %s%n", temperature, alpha, teacher,
                    teacherParameters, RunOutputs.percent(teacherAccuracy(run.data().validation())), studentParameters,
                    (double) teacherParameters / studentParameters, RunOutputs.percent(run.result().valAccuracy()));
            RunOutputs.write(out, options, run, steps);
        }
        out.flush();
        return 0;
    }

    /** The teacher's accuracy from the logits it gave each validation row. */
    private static double teacherAccuracy(Dataset validation) {
        return validation.rows() == 0 ? Double.NaN : Evaluation.accuracy(validation.teacherLogits(), validation);
    }

    /** The trained parameters (a batch norm's running statistics are state, not parameters). */
    private static long parameters(Map<String, WeightArray> weights) {
        return weights.entrySet().stream().filter(e -> !e.getKey().endsWith("running_mean")
                        && !e.getKey().endsWith("running_var") && !e.getKey().endsWith("num_batches_tracked"))
                .mapToLong(e -> e.getValue().values().length).sum();
    }
}
