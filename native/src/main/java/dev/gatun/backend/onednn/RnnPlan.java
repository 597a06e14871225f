package dev.gatun.backend.onednn;

/**
 * The oneDNN objects one layer of a recurrent stack needs for one shape, made once by
 * {@link RnnPrimitives} and kept by {@link OneDnnRnn}: the RNN primitive, and for a forward the
 * two reorders that bring PyTorch-ordered weights (oneDNN's {@code ldgoi}) into the layout the
 * primitive chose, with the sizes of what they produce. It is the attachment of its RNN
 * primitive in the backend's one {@link PrimitiveCache}, used under that primitive's monitor
 * (the memory objects are re-pointed per call) and destroyed with it.
 *
 * <p>Argument slots of {@link #primitive}, as {@link RnnPrimitives} binds them:
 * forward: src_layer, src_iter, weights_layer, weights_iter, bias, dst_layer, dst_iter, then for
 * the LSTM src_iter_c and dst_iter_c, then when training the workspace;
 * backward: those of the forward up to dst_iter, the workspace, diff_src_layer, diff_src_iter,
 * diff_weights_layer, diff_weights_iter, diff_bias, diff_dst_layer, diff_dst_iter, then for the
 * LSTM src_iter_c, dst_iter_c, diff_src_iter_c and diff_dst_iter_c.
 */
final class RnnPlan implements CachedPrimitive.Attachment {
    final CachedPrimitive primitive;
    final CachedPrimitive reorderLayer; // forward only, else null
    final CachedPrimitive reorderIter;  // forward only, else null
    final long weightsLayerBytes;       // forward: bytes of weights_layer in the chosen layout
    final long weightsIterBytes;
    final long workspaceBytes;          // training forward and backward: oneDNN's workspace

    RnnPlan(CachedPrimitive primitive, CachedPrimitive reorderLayer, CachedPrimitive reorderIter,
            long weightsLayerBytes, long weightsIterBytes, long workspaceBytes) {
        this.primitive = primitive;
        this.reorderLayer = reorderLayer;
        this.reorderIter = reorderIter;
        this.weightsLayerBytes = weightsLayerBytes;
        this.weightsIterBytes = weightsIterBytes;
        this.workspaceBytes = workspaceBytes;
    }

    /** Frees the reorders; the RNN primitive, destroying this, frees itself. Its monitor is held. */
    @Override
    public void destroy() {
        if (reorderLayer != null) {
            reorderLayer.destroy();
        }
        if (reorderIter != null) {
            reorderIter.destroy();
        }
    }

    boolean isDestroyed() {
        return primitive.isDestroyed();
    }
}
