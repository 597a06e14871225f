package dev.gatun.cli;

import dev.gatun.backend.Backends;
import dev.gatun.cli.models.Models;
import dev.gatun.cli.models.TrainConfig;
import dev.gatun.nn.Activations;
import dev.gatun.nn.loss.Losses;
import dev.gatun.optim.Optimizers;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns bad option values into usage errors (exit code 2, with the usage hint) rather than failures. */
final class Usage {
    private Usage() {}

    static TrainConfig config(CommandSpec spec, TrainOptions options, String model) {
        try {
            Models.get(model);
            TrainConfig config = options.config(model);
            checkNames(config);
            return config;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * Unknown activation, loss, optimizer or backend names fail here, before any data is loaded,
     * each listing the names it knows. (A known backend that cannot load fails later, with its reason.)
     */
    private static void checkNames(TrainConfig c) {
        Activations.byName(c.activation());
        if (c.loss() != null) {
            Losses.byName(c.loss());
        }
        if (!Optimizers.names().contains(c.optimizer().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown optimizer '" + c.optimizer() + "'; expected one of "
                    + Optimizers.names());
        }
        if (c.backend() != null && !Backends.report().containsKey(c.backend())) {
            throw new IllegalArgumentException("unknown backend '" + c.backend() + "'; known: "
                    + String.join(", ", Backends.report().keySet()));
        }
    }
}
