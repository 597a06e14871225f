package dev.gatun.peers;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * DJL on its PyTorch engine (libtorch 2.7.1 from the pytorch-native-cpu jar, no download) on the
 * bench models: training steps (forward, loss, backward, SGD or Adam update, the loss read back)
 * and batch-1 inference. MLP, LeNet, LSTM and GRU are DJL's own blocks holding PyTorch's seed-0
 * weights (so the batch-1 output and the first SGD losses are checked against PyTorch's); DJL has
 * no pre-LN encoder block, so the transformer is PyTorch's block traced to TorchScript.
 */
public final class DjlPeer {
    public static void main(String[] args) throws Exception {
        PeerRun run = new PeerRun("djl", args);
        run.info("djl", ai.djl.engine.Engine.getEngine("PyTorch").getVersion() + " (libtorch), DJL "
                + ai.djl.engine.Engine.getDjlVersion()); // loads libtorch
        JniUtils.setNumInteropThreads(1); // one request at a time: no inter-op pool
        run.info("offline", System.getProperty("ai.djl.offline", "false"));
        for (String name : run.modelNames) {
            PeerModels.Model m = run.models.model(name);
            for (int threads : run.threads) {
                JniUtils.setNumThreads(threads);
                for (String optimizer : run.optimizers) {
                    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
                        // inference does not depend on the optimizer: timed with the first one only
                        measure(run, m, optimizer, optimizer.equals(run.optimizers.get(0)), threads, manager);
                    }
                }
            }
        }
        run.write();
    }

    private static void measure(PeerRun run, PeerModels.Model m, String optimizer, boolean withInference, int threads,
                                NDManager manager) throws Exception {
        List<String> checks = new ArrayList<>();
        Timing.Stats infer = null;
        if (withInference) { // batch-1 on the initial weights, checked against PyTorch's output
            Shape sampleShape = new Shape(PeerModels.longs(m.sampleShape));
            float[] sample = m.sample();
            Model inferModel = load(m, false, manager);
            Block inferBlock = inferModel.getBlock();
            ParameterStore inferStore = new ParameterStore(manager, false);
            float[] got = predict(manager, inferBlock, inferStore, sample, sampleShape);
            checks.add(PeerRun.compare("batch-1 output", got, m.referenceOutput(), 1e-4, 1e-3));
            infer = run.measure(() -> predict(manager, inferBlock, inferStore, sample, sampleShape), run.calls * 4);
            inferModel.close();
        }

        Model model = load(m, true, manager);
        Loss loss = m.classifier() ? Loss.softmaxCrossEntropyLoss() : Loss.l2Loss("MSE", 1f); // l2Loss's default weight is 1/2
        float lr = (float) run.models.learningRate(optimizer);
        Optimizer opt = optimizer.equals("sgd") ? Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).build()
                : Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).optBeta1(0.9f).optBeta2(0.999f).optEpsilon(1e-8f).build();
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(opt))) {
            if (!m.name.equals("transformer")) {
                trainer.initialize(new Shape(PeerModels.longs(m.batchShape)));
                copyWeights(m, model.getBlock()); // initialize() drew its own: put PyTorch's back
            }
            int batches = run.models.batches();
            float[][] xs = new float[batches][], ys = new float[batches][];
            for (int i = 0; i < batches; i++) {
                xs[i] = m.input(i);
                ys[i] = m.target(i);
            }
            int[] next = {0};
            Timing.Call step = () -> {
                int i = next[0]++ % batches;
                trainStep(trainer, loss, m, xs[i], ys[i]);
            };
            if (optimizer.equals("sgd")) { // the first steps' losses against PyTorch's
                float[] losses = new float[m.sgdLosses.length];
                for (int i = 0; i < losses.length; i++) {
                    losses[i] = trainStep(trainer, loss, m, xs[i], ys[i]);
                }
                float[] ref = new float[losses.length];
                for (int i = 0; i < ref.length; i++) {
                    ref[i] = (float) m.sgdLosses[i];
                }
                checks.add(PeerRun.compare("first SGD losses " + Arrays.toString(losses), losses, ref, 1e-4, 1e-4));
                next[0] = losses.length;
            }
            Timing.Stats train = run.measure(step, run.calls);
            run.result(m.name, optimizer, threads, train, infer, String.join("; ", checks));
        }
        model.close();
    }

    /** One training step in a sub-manager that frees the step's arrays; returns the loss. */
    private static float trainStep(Trainer trainer, Loss loss, PeerModels.Model m, float[] x, float[] y) {
        try (NDManager step = trainer.getManager().newSubManager()) {
            NDArray input = step.create(x, new Shape(PeerModels.longs(m.batchShape)));
            NDArray target = m.classifier() ? step.create(toLongs(y)) : step.create(y, new Shape(PeerModels.longs(m.targetShape)));
            float value;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray l = loss.evaluate(new NDList(target), trainer.forward(new NDList(input)));
                gc.backward(l);
                value = l.getFloat();
            }
            trainer.step();
            return value;
        }
    }

    private static float[] predict(NDManager manager, Block block, ParameterStore store, float[] sample, Shape shape) {
        try (NDManager call = manager.newSubManager()) {
            NDList out = block.forward(store, new NDList(call.create(sample, shape)), false);
            return out.head().toFloatArray();
        }
    }

    /** A model with the bench block and PyTorch's weights; the transformer from its TorchScript file. */
    private static Model load(PeerModels.Model m, boolean training, NDManager manager) throws IOException {
        Model model = Model.newInstance(m.name, Device.cpu(), "PyTorch");
        if (m.name.equals("transformer")) {
            String file = m.name + (training ? ".train" : ".infer");
            try {
                model.load(m.file(".onnx").getParent(), file, Map.of("trainParam", String.valueOf(training)));
            } catch (ai.djl.MalformedModelException e) {
                throw new IOException("libtorch could not load " + file + ".pt: " + e.getMessage(), e);
            }
            return model;
        }
        model.setBlock(block(m.name));
        if (!training) {
            model.getBlock().initialize(manager, DataType.FLOAT32, new Shape(PeerModels.longs(m.sampleShape)));
            copyWeights(m, model.getBlock());
        }
        return model;
    }

    static Block block(String name) {
        return switch (name) {
            case "mlp" -> new SequentialBlock().add(Linear.builder().setUnits(256).build()).add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(10).build());
            case "cnn" -> new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(8).optPadding(new Shape(2, 2)).build())
                    .add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(16).build())
                    .add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(120).build()).add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(10).build());
            case "lstm", "gru" -> new SequentialBlock()
                    .add(name.equals("lstm")
                            ? LSTM.builder().setStateSize(128).setNumLayers(1).optBatchFirst(false).optReturnState(false).build()
                            : GRU.builder().setStateSize(128).setNumLayers(1).optBatchFirst(false).optReturnState(false).build())
                    .add(new LambdaBlock(list -> new NDList(list.head().get(new NDIndex("-1"))))) // the last step, [batch, hidden]
                    .add(Linear.builder().setUnits(10).build());
            default -> throw new IllegalArgumentException("no DJL block for " + name);
        };
    }

    /**
     * PyTorch's seed-0 weights into the block. DJL's parameters come in the same order as PyTorch's
     * state_dict and with the same layouts (weight [out, in], conv [out, in, kh, kw], the recurrent
     * gates stacked as PyTorch's); a shape that differs stops the run.
     */
    static void copyWeights(PeerModels.Model m, Block block) throws IOException {
        List<PeerModels.Param> torch = new ArrayList<>(m.params.values());
        List<Pair<String, Parameter>> djl = new ArrayList<>();
        block.getParameters().forEach(djl::add);
        if (torch.size() != djl.size()) {
            throw new IllegalStateException(m.name + ": DJL has " + djl.size() + " parameters, PyTorch " + torch.size());
        }
        for (int i = 0; i < torch.size(); i++) {
            PeerModels.Param t = torch.get(i);
            NDArray a = djl.get(i).getValue().getArray();
            if (!Arrays.equals(a.getShape().getShape(), PeerModels.longs(t.shape()))) {
                throw new IllegalStateException(m.name + ": DJL's " + djl.get(i).getKey() + " is " + a.getShape()
                        + ", PyTorch's " + t.name() + " is " + Arrays.toString(t.shape()));
            }
            a.set(FloatBuffer.wrap(m.param(t.name())));
        }
    }

    private static long[] toLongs(float[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (long) v[i];
        }
        return out;
    }
}
