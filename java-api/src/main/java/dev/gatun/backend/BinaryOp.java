package dev.gatun.backend;

/** Elementwise {@code dst = a op b} with broadcasting, after oneDNN's binary algorithms. */
public enum BinaryOp {
    ADD,
    SUB,
    MUL,
    DIV,
    MAX,
    MIN,
    /** 1 where a >= b, else 0 (masks for max-reduction gradients). */
    GE,
    /** 1 where a == b, else 0. */
    EQ
}
