package dev.gatun.spark;

/**
 * The workers of one training run as a worker sees them: its rank among them and a way to
 * exchange a short message with all of them at once. On Spark it is a barrier stage's task
 * context ({@code BarrierTaskContext.allGather}); the ring itself runs over its own sockets.
 */
interface Gang {
    int rank();

    int size();

    /** Every worker's {@code message}, by rank; returns when all have sent theirs. */
    String[] allGather(String message);

    /** The address this worker's peers reach it at. */
    String host();

    /** Cores this worker may use (Spark's {@code spark.task.cpus}). */
    int cpus();
}
