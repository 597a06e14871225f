package dev.gatun.spark;

import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;

/** A barrier task's view of its stage: rank = partition, messages through {@code allGather}. */
final class BarrierGang implements Gang {
    private final BarrierTaskContext context;

    BarrierGang(BarrierTaskContext context) {
        this.context = context;
    }

    @Override
    public int rank() {
        return context.partitionId();
    }

    @Override
    public int size() {
        return context.getTaskInfos().length;
    }

    @Override
    public String[] allGather(String message) {
        return context.allGather(message); // ordered by partition id
    }

    /** The host this executor's block manager advertises: where its peers already reach it. */
    @Override
    public String host() {
        return SparkEnv.get().blockManager().blockManagerId().host();
    }

    @Override
    public int cpus() {
        return context.cpus();
    }
}
