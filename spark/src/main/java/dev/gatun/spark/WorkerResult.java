package dev.gatun.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What a worker reports when its run ends: rank 0 the trained weights (state dict by name), every
 * rank its mean training loss per epoch, the rows it trained on and where its time went.
 */
record WorkerResult(int rank, Map<String, float[]> state, Map<String, int[]> shapes, double[] epochLoss, long steps,
                    long rows, long computeNanos, long communicationNanos, int resumedAtStep) implements Serializable {}
