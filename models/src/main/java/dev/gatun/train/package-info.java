/**
 * Training any {@link dev.gatun.nn.Module} by gradient: {@link dev.gatun.train.TrainStep} is one
 * update (forward, loss and penalties, backward, gradient listeners, clipping, the optimizer's
 * step) and {@link dev.gatun.train.Trainer} the one loop around it (shuffled batches from
 * {@link dev.gatun.train.Examples}, gradient accumulation, validation without a tape, learning-rate
 * schedules, early stopping, the NaN guard), on one reused {@code StepMemory}.
 * {@link dev.gatun.train.Replicas} copies a model (state dict and BatchNorm statistics) for
 * data-parallel training, whose gradient averaging is a {@link dev.gatun.train.TrainStep.GradientListener}.
 * What a run produced ({@link dev.gatun.train.TrainResult}, {@link dev.gatun.train.EpochMetrics})
 * and who hears it ({@link dev.gatun.train.TrainListener}) live here too; the models the command
 * line trains are in {@code dev.gatun.cli.models} and its reports in {@code dev.gatun.report}, both in gatun-cli.
 */
package dev.gatun.train;
