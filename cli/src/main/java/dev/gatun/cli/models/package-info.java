/**
 * The command line's model zoo: each {@link dev.gatun.cli.models.ModelKind} (mlp, logreg, cnn,
 * rnn/lstm/gru, transformer, perceptron) builds its network for a data set from a
 * {@link dev.gatun.cli.models.TrainConfig} and trains it with the {@link dev.gatun.train.Trainer}
 * (the perceptron with its own step rule, having no gradients); {@link dev.gatun.cli.models.Training}
 * runs one configuration end to end. Checkpoint metadata that rebuilds a trained model
 * ({@link dev.gatun.cli.models.CnnKind#load}, {@link dev.gatun.cli.models.CharModels#load}),
 * text generation and saliency maps are here as well: what {@code gatun train}, {@code generate}
 * and {@code explain} need beyond the library.
 */
package dev.gatun.cli.models;
