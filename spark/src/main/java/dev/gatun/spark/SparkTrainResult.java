package dev.gatun.spark;

import dev.gatun.nn.Module;

/**
 * A finished Spark run: the trained model (built by the model factory on the driver, holding
 * worker 0's weights, which every worker shares), and where the time went.
 *
 * @param workers            replicas that trained
 * @param steps              optimizer steps taken (each over workers x batchPerWorker rows)
 * @param epochLoss          mean training loss per epoch, averaged over the workers
 * @param samplesPerSecond   rows trained per second of the stage, all workers together
 * @param communicationShare the share of a worker's training time spent in the gradient ring
 * @param resumedAtStep      the step the last attempt started from (0 unless a retried stage resumed)
 */
public record SparkTrainResult(Module model, int workers, long steps, double[] epochLoss, double seconds,
                               double samplesPerSecond, double communicationShare, long resumedAtStep) {}
