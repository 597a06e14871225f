package dev.gatun.bench;

import static dev.gatun.ffi.dnnl.Dnnl.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gatun.ffi.dnnl.DnnlEngine;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A convolution driven straight through the oneDNN bindings, the way a careful C program would
 * with NCHW data of its own: primitives with {@code format_tag any}, memory objects made once
 * over fixed buffers, weights reordered once at setup, src / dst reordered per call only where
 * oneDNN chose another layout, and a reordered tensor reused by a later primitive that chose
 * the same layout. The peer of {@link ConvBench}'s Gatun calls; nothing of Gatun's onednn
 * backend is used.
 */
final class BareDnnlConv implements AutoCloseable {
    /** One primitive execution: the primitive and its argument array. */
    private record Step(MemorySegment primitive, MemorySegment args, int nargs) {}

    private final Arena arena = Arena.ofShared();
    private final MemorySegment engine = DnnlEngine.cpu().engine();
    private final MemorySegment stream = DnnlEngine.cpu().stream();
    private final MemorySegment out = arena.allocate(ADDRESS);
    private final Deque<Runnable> cleanup = new ArrayDeque<>();
    private final List<Step> forward = new ArrayList<>();
    private final List<Step> training = new ArrayList<>(); // forward, backward data, backward weights

    /**
     * src [n,ic,h,w], weights [oc,ic,kh,kw], bias [oc], dst [n,oc,oh,ow] and their gradients, all
     * plain; symmetric padding {@code pad}, stride {@code stride}, no dilation, one group.
     */
    BareDnnlConv(long[] srcDims, long[] weightDims, long[] dstDims, long stride, long pad, MemorySegment src,
                 MemorySegment weights, MemorySegment bias, MemorySegment dst, MemorySegment diffDst, MemorySegment diffSrc,
                 MemorySegment diffWeights, MemorySegment diffBias) {
        MemorySegment srcMd = md(srcDims, dnnl_abcd), wMd = md(weightDims, dnnl_abcd), dstMd = md(dstDims, dnnl_abcd);
        MemorySegment biasMd = md(new long[] {weightDims[0]}, dnnl_a);
        MemorySegment strides = dims(stride, stride), dil = dims(0, 0), padding = dims(pad, pad);

        MemorySegment fwdPd = pd(dnnl_convolution_forward_primitive_desc_create(out, engine, dnnl_forward_inference,
                dnnl_convolution_direct, any(srcDims), any(weightDims), biasMd, any(dstDims), strides, dil, padding, padding,
                MemorySegment.NULL));
        MemorySegment srcX = in(srcMd, src, query(fwdPd, dnnl_query_src_md), forward);
        MemorySegment wX = once(wMd, weights, query(fwdPd, dnnl_query_weights_md));
        MemorySegment dstX = internal(dstMd, dst, query(fwdPd, dnnl_query_dst_md));
        forward.add(step(primitive(fwdPd), DNNL_ARG_SRC, srcX, DNNL_ARG_WEIGHTS, wX, DNNL_ARG_BIAS, memory(biasMd, bias),
                DNNL_ARG_DST, dstX));
        outOf(dstX, dstMd, dst, forward);
        training.addAll(forward);

        MemorySegment hint = pd(dnnl_convolution_forward_primitive_desc_create(out, engine, dnnl_forward_training,
                dnnl_convolution_direct, any(srcDims), any(weightDims), biasMd, any(dstDims), strides, dil, padding, padding,
                MemorySegment.NULL));
        MemorySegment bdPd = pd(dnnl_convolution_backward_data_primitive_desc_create(out, engine, dnnl_convolution_direct,
                any(srcDims), any(weightDims), any(dstDims), strides, dil, padding, padding, hint, MemorySegment.NULL));
        MemorySegment ddX = in(dstMd, diffDst, query(bdPd, dnnl_query_diff_dst_md), training);
        MemorySegment wbX = once(wMd, weights, query(bdPd, dnnl_query_weights_md));
        MemorySegment dsX = internal(srcMd, diffSrc, query(bdPd, dnnl_query_diff_src_md));
        training.add(step(primitive(bdPd), DNNL_ARG_DIFF_DST, ddX, DNNL_ARG_WEIGHTS, wbX, DNNL_ARG_DIFF_SRC, dsX));
        outOf(dsX, srcMd, diffSrc, training);

        MemorySegment bwPd = pd(dnnl_convolution_backward_weights_primitive_desc_create(out, engine, dnnl_convolution_direct,
                any(srcDims), any(weightDims), biasMd, any(dstDims), strides, dil, padding, padding, hint, MemorySegment.NULL));
        MemorySegment srcChosen = query(bwPd, dnnl_query_src_md), ddChosen = query(bwPd, dnnl_query_diff_dst_md);
        // reuse the forward's reordered src and the backward data's reordered diff_dst when the layouts agree
        MemorySegment srcW = same(srcChosen, query(fwdPd, dnnl_query_src_md)) ? srcX : in(srcMd, src, srcChosen, training);
        MemorySegment ddW = same(ddChosen, query(bdPd, dnnl_query_diff_dst_md)) ? ddX : in(dstMd, diffDst, ddChosen, training);
        MemorySegment dwX = internal(wMd, diffWeights, query(bwPd, dnnl_query_diff_weights_md));
        training.add(step(primitive(bwPd), DNNL_ARG_SRC, srcW, DNNL_ARG_DIFF_DST, ddW, DNNL_ARG_DIFF_WEIGHTS, dwX,
                DNNL_ARG_DIFF_BIAS, memory(biasMd, diffBias)));
        outOf(dwX, wMd, diffWeights, training);
    }

    void forward() {
        run(forward);
    }

    void training() {
        run(training);
    }

    private void run(List<Step> steps) {
        for (Step s : steps) {
            int status = dnnl_primitive_execute(s.primitive, stream, s.nargs, s.args);
            if (status != dnnl_success) {
                check(status, "dnnl_primitive_execute", "bare convolution");
            }
        }
        check(dnnl_stream_wait(stream), "dnnl_stream_wait", "bare convolution");
    }

    // ---- the C program's helpers -------------------------------------------------------------

    private MemorySegment dims(long... v) {
        MemorySegment d = arena.allocate(JAVA_LONG, DNNL_MAX_NDIMS);
        for (int i = 0; i < v.length; i++) {
            d.setAtIndex(JAVA_LONG, i, v[i]);
        }
        return d;
    }

    private MemorySegment md(long[] d, int tag) {
        ok(dnnl_memory_desc_create_with_tag(out, d.length, dims(d), dnnl_f32, tag));
        MemorySegment md = out.get(ADDRESS, 0);
        cleanup.push(() -> dnnl_memory_desc_destroy(md));
        return md;
    }

    private MemorySegment any(long[] d) {
        return md(d, dnnl_format_tag_any);
    }

    private MemorySegment pd(int status) {
        ok(status);
        MemorySegment pd = out.get(ADDRESS, 0);
        cleanup.push(() -> dnnl_primitive_desc_destroy(pd));
        return pd;
    }

    private static MemorySegment query(MemorySegment pd, int what) {
        return dnnl_primitive_desc_query_md(pd, what, 0);
    }

    private MemorySegment primitive(MemorySegment pd) {
        ok(dnnl_primitive_create(out, pd));
        MemorySegment p = out.get(ADDRESS, 0);
        cleanup.push(() -> dnnl_primitive_destroy(p));
        return p;
    }

    private MemorySegment memory(MemorySegment md, MemorySegment buffer) {
        ok(dnnl_memory_create(out, md, engine, buffer));
        MemorySegment m = out.get(ADDRESS, 0);
        cleanup.push(() -> dnnl_memory_destroy(m));
        return m;
    }

    private Step step(MemorySegment primitive, Object... kindsAndMemories) {
        int n = kindsAndMemories.length / 2;
        MemorySegment args = arena.allocate(dnnl_exec_arg_t, n);
        for (int i = 0; i < n; i++) {
            long at = i * dnnl_exec_arg_t.byteSize();
            args.set(JAVA_INT, at + dnnl_exec_arg_t.byteOffset(PathElement.groupElement("arg")), (Integer) kindsAndMemories[2 * i]);
            args.set(ADDRESS, at + dnnl_exec_arg_t.byteOffset(PathElement.groupElement("memory")),
                    (MemorySegment) kindsAndMemories[2 * i + 1]);
        }
        return new Step(primitive, args, n);
    }

    private Step reorder(MemorySegment from, MemorySegment to) {
        MemorySegment fromMd = memoryDesc(from), toMd = memoryDesc(to);
        MemorySegment pd = pd(dnnl_reorder_primitive_desc_create(out, fromMd, engine, toMd, engine, MemorySegment.NULL));
        return step(primitive(pd), DNNL_ARG_FROM, from, DNNL_ARG_TO, to);
    }

    private MemorySegment memoryDesc(MemorySegment memory) {
        ok(dnnl_memory_get_memory_desc(memory, out));
        return out.get(ADDRESS, 0);
    }

    /** The memory a primitive reads: the user's buffer, or an internal one a reorder step fills first. */
    private MemorySegment in(MemorySegment userMd, MemorySegment user, MemorySegment chosen, List<Step> steps) {
        MemorySegment u = memory(userMd, user);
        if (same(userMd, chosen)) {
            return u;
        }
        MemorySegment x = memory(chosen, arena.allocate(dnnl_memory_desc_get_size(chosen), 64));
        steps.add(reorder(u, x));
        return x;
    }

    /** Like {@link #in}, the reorder run once now (weights). */
    private MemorySegment once(MemorySegment userMd, MemorySegment user, MemorySegment chosen) {
        List<Step> now = new ArrayList<>();
        MemorySegment x = in(userMd, user, chosen, now);
        run(now);
        return x;
    }

    /** The memory a primitive writes: the user's buffer, or an internal one {@link #outOf} empties. */
    private MemorySegment internal(MemorySegment userMd, MemorySegment user, MemorySegment chosen) {
        return same(userMd, chosen) ? memory(userMd, user) : memory(chosen, arena.allocate(dnnl_memory_desc_get_size(chosen), 64));
    }

    private void outOf(MemorySegment written, MemorySegment userMd, MemorySegment user, List<Step> steps) {
        MemorySegment u = memory(userMd, user);
        if (!same(memoryDesc(written), userMd)) {
            steps.add(reorder(written, u));
        }
    }

    /** Same blocking (inner blocks, their indices) and strides: the C API's dnnl_memory_desc_equal, for dense f32. */
    private boolean same(MemorySegment a, MemorySegment b) {
        MemorySegment n = arena.allocate(JAVA_INT), m = arena.allocate(JAVA_INT);
        ok(dnnl_memory_desc_query(a, dnnl_query_inner_nblks_s32, n));
        ok(dnnl_memory_desc_query(b, dnnl_query_inner_nblks_s32, m));
        if (n.get(JAVA_INT, 0) != m.get(JAVA_INT, 0)) {
            return false;
        }
        for (int what : new int[] {dnnl_query_strides, dnnl_query_inner_blks, dnnl_query_inner_idxs}) {
            MemorySegment pa = arena.allocate(ADDRESS), pb = arena.allocate(ADDRESS);
            ok(dnnl_memory_desc_query(a, what, pa));
            ok(dnnl_memory_desc_query(b, what, pb));
            MemorySegment va = pa.get(ADDRESS, 0).reinterpret(DNNL_MAX_NDIMS * 8L), vb = pb.get(ADDRESS, 0).reinterpret(DNNL_MAX_NDIMS * 8L);
            if (va.mismatch(vb) != -1) {
                return false;
            }
        }
        return true;
    }

    private static void ok(int status) {
        check(status, "bare convolution setup", "");
    }

    @Override
    public void close() {
        cleanup.forEach(Runnable::run);
        arena.close();
    }
}
