package dev.gatun.backend.onednn;

import java.lang.foreign.MemorySegment;

/**
 * Makes the primitive a {@link PrimitiveKey} describes, by its op: each family's class
 * ({@link OneDnnMatmul}, {@link OneDnnEltwise}, ..., {@link ConvPrimitives}, {@link RnnPrimitives})
 * reads its key record (the one place that writes and reads the row) and follows oneDNN's recipe:
 * memory descriptors (plain f32 with explicit strides, so transposes and views cost no copy),
 * attributes (user scratchpad, post-ops), primitive descriptor, primitive.
 */
final class Primitives implements PrimitiveCache.Factory {
    private final MemorySegment engine;
    private final ConvPrimitives conv;
    private final RnnPrimitives rnn;

    Primitives(MemorySegment engine) {
        this.engine = engine;
        this.conv = new ConvPrimitives(engine);
        this.rnn = new RnnPrimitives(engine);
    }

    @Override
    public CachedPrimitive create(PrimitiveKey key) {
        return switch (key.op()) {
            case MATMUL -> OneDnnMatmul.primitive(engine, key);
            case BINARY -> OneDnnBinary.primitive(engine, key);
            case ELTWISE, ELTWISE_BACKWARD -> OneDnnEltwise.primitive(engine, key);
            case REDUCE -> OneDnnReduce.primitive(engine, key);
            case SOFTMAX, SOFTMAX_BACKWARD -> OneDnnSoftmax.primitive(engine, key);
            case LAYER_NORM -> OneDnnLayerNorm.forwardPrimitive(engine, key);
            case LAYER_NORM_BACKWARD -> OneDnnLayerNorm.backwardPrimitive(engine, key);
            case REORDER -> OneDnnReorder.primitive(engine, key);
            case CONVOLUTION -> conv.convForward(key);
            case CONVOLUTION_BACKWARD_DATA -> conv.convBackwardData(key);
            case CONVOLUTION_BACKWARD_WEIGHTS -> conv.convBackwardWeights(key);
            case POOLING -> conv.poolForward(key);
            case POOLING_BACKWARD -> conv.poolBackward(key);
            case BATCH_NORM -> conv.batchNormForward(key);
            case BATCH_NORM_BACKWARD -> conv.batchNormBackward(key);
            case RNN -> rnnLayer(key);
            case QUANTIZED_MATMUL -> OneDnnQuantized.matmulPrimitive(engine, key);
            case QUANTIZED_CONVOLUTION -> OneDnnQuantized.convPrimitive(engine, key);
        };
    }

    /** The layer's RNN primitive, carrying its plan (weight reorders and sizes) as its attachment. */
    private CachedPrimitive rnnLayer(PrimitiveKey key) {
        RnnPlan plan = rnn.create(RnnPrimitives.Key.readFrom(key));
        plan.primitive.attach(plan);
        return plan.primitive;
    }
}
