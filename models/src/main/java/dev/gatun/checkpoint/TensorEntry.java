package dev.gatun.checkpoint;

import dev.gatun.tensor.Shapes;

/**
 * One tensor of a safetensors header: its dtype as written ({@code dtype} is null when Gatun
 * cannot read it, e.g. "I8"), its shape, and its bytes {@code [begin, end)} counted from the end
 * of the header.
 */
public record TensorEntry(String name, String dtypeName, DType dtype, int[] shape, long begin, long end) {
    public TensorEntry {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public long numel() {
        return Shapes.numel(shape);
    }

    public long byteSize() {
        return end - begin;
    }

    @Override
    public String toString() {
        return name + " " + dtypeName + Shapes.str(shape);
    }
}
