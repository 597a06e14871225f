package dev.gatun.cli;

import dev.gatun.cli.models.CharModels;
import dev.gatun.cli.models.TextGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gatun generate}: samples text from a character model saved by {@code gatun train ... --data FILE.txt --save}. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate text with a character language model.",
                "Example: gatun train transformer --data alice --save alice.safetensors",
                "         gatun generate --model alice.safetensors --prompt 'Alice was ' --tokens 200"})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A character model (safetensors).")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The text to continue.")
    String prompt;

    @Option(names = "--tokens", defaultValue = "200", paramLabel = "N", description = "Characters to generate, at most 16777216 (default: 200).")
    int tokens;

    @Option(names = "--temperature", defaultValue = "0.8", paramLabel = "T",
            description = "Sampling temperature; 0 always takes the most likely character (default: 0.8).")
    double temperature;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the sampling (default: 1).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            OptionChecks.intIn("--tokens", tokens, 0, TextGenerator.MAX_TOKENS);
            OptionChecks.atLeast("--temperature", temperature, 0);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        InputsAndOutputs.of(spec).input("--model", model).check();
        PrintWriter out = spec.commandLine().getOut();
        try (CharModels.Loaded loaded = CharModels.load(model)) {
            TextGenerator generator = new TextGenerator(loaded);
            generator.encode(prompt); // an unknown character fails before anything is printed
            out.print(prompt);
            generator.generate(prompt, tokens, temperature, seed, cp -> {
                out.print(Character.toString(cp));
                out.flush();
            });
            out.println();
        }
        out.flush();
        return 0;
    }
}
