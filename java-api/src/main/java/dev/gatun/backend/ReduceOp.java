package dev.gatun.backend;

/** Reductions over the axes where the destination has size 1. */
public enum ReduceOp {
    SUM,
    MEAN,
    MAX
}
