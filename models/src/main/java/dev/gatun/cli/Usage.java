package dev.gatun.cli;

import dev.gatun.train.Models;
import dev.gatun.train.TrainConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns bad option values into usage errors (exit code 2, with the usage hint) rather than failures. */
final class Usage {
    private Usage() {}

    static TrainConfig config(CommandSpec spec, TrainOptions options, String model) {
        try {
            Models.get(model);
            return options.config(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
