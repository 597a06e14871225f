package dev.gatun.train;

import java.util.Arrays;

/** A named weight's shape and values copied off the model (row-major), for saving and reports. */
public record WeightArray(int[] shape, float[] values) {
    public WeightArray {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("weight of shape " + Arrays.toString(shape) + " given " + values.length
                    + " values");
        }
    }
}
