package dev.gatun.peers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Deeplearning4j 1.0.0-M2.1 (ND4J's CPU backend) on the bench models it has layers for: the MLP,
 * LeNet and the LSTM (no GRU layer in DL4J, no transformer block). Each network is built from the
 * same sizes as {@code peer.py}'s and given PyTorch's seed-0 weights, converted to DL4J's layouts,
 * so that the batch-1 output and the first SGD losses are checked against PyTorch's. Training
 * steps are {@code fit} on one batch with its score read back; batch-1 is {@code output}.
 */
public final class Dl4jPeer {
    public static void main(String[] args) throws Exception {
        PeerRun run = new PeerRun("dl4j", args);
        run.info("dl4j", "1.0.0-M2.1, ND4J backend " + Nd4j.getBackend().getClass().getSimpleName()
                + ", BLAS " + Nd4j.factory().blas().getBlasVendor());
        // JavaCPP's OpenBLAS 0.3.19 falls back to Prescott on CPUs it does not know: bench/suite passes the kernel it chose.
        run.info("OPENBLAS_CORETYPE", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        for (String name : run.modelNames) {
            if (!List.of("mlp", "cnn", "lstm").contains(name)) {
                System.out.println(name + ": no DL4J layer for it (DL4J has no GRU layer and no transformer block): skipped");
                continue;
            }
            PeerModels.Model m = run.models.model(name);
            for (int threads : run.threads) {
                Nd4j.getEnvironment().setMaxThreads(threads);
                Nd4j.getEnvironment().setMaxMasterThreads(threads);
                Nd4j.factory().blas().setMaxThreads(threads);
                for (String optimizer : run.optimizers) {
                    measure(run, m, optimizer, optimizer.equals(run.optimizers.get(0)), threads);
                }
            }
        }
        run.write();
    }

    private static void measure(PeerRun run, PeerModels.Model m, String optimizer, boolean withInference, int threads) throws Exception {
        double lr = run.models.learningRate(optimizer);
        IUpdater updater = optimizer.equals("sgd") ? new Sgd(lr) : new Adam(lr, 0.9, 0.999, 1e-8);
        MultiLayerNetwork net = network(m.name, updater);
        copyWeights(m, net);
        List<String> checks = new ArrayList<>();
        Timing.Stats infer = null;
        if (withInference) {
            INDArray sample = input(m, m.sample(), m.sampleShape);
            checks.add(PeerRun.compare("batch-1 output", logits(net, sample), m.referenceOutput(), 1e-4, 1e-3));
            infer = run.measure(() -> net.output(sample, false), run.calls * 4);
        }
        int batches = run.models.batches();
        DataSet[] data = new DataSet[batches];
        for (int i = 0; i < batches; i++) {
            data[i] = new DataSet(input(m, m.input(i), m.batchShape), oneHot(m.target(i)));
        }
        if (optimizer.equals("sgd")) { // the first steps' losses against PyTorch's
            float[] losses = new float[m.sgdLosses.length], ref = new float[losses.length];
            for (int i = 0; i < losses.length; i++) {
                net.fit(data[i]);
                losses[i] = (float) net.score();
                ref[i] = (float) m.sgdLosses[i];
            }
            checks.add(PeerRun.compare("first SGD losses " + java.util.Arrays.toString(losses), losses, ref, 1e-4, 1e-4));
        }
        int[] next = {0};
        Timing.Stats train = run.measure(() -> {
            net.fit(data[next[0]++ % batches]);
            net.score();
        }, run.calls);
        run.result(m.name, optimizer, threads, train, infer, String.join("; ", checks));
    }

    /**
     * The network's output before its softmax (PyTorch's models end in a Linear and leave the
     * softmax to the loss; DL4J's output layer applies it): the last layer's pre-activation.
     */
    private static float[] logits(MultiLayerNetwork net, INDArray sample) {
        List<INDArray> acts = net.feedForward(sample, false);
        INDArray beforeHead = acts.get(acts.size() - 2);
        Layer head = net.getLayer(net.getnLayers() - 1);
        return beforeHead.mmul(head.getParam("W")).addiRowVector(head.getParam("b")).toFloatVector();
    }

    static MultiLayerNetwork network(String name, IUpdater updater) {
        var list = new NeuralNetConfiguration.Builder().seed(0).updater(updater).weightInit(WeightInit.XAVIER)
                .dataType(DataType.FLOAT).list();
        OutputLayer head = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                .activation(Activation.SOFTMAX).build();
        switch (name) {
            case "mlp" -> list.layer(new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                    .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                    .layer(head).setInputType(InputType.feedForward(784));
            case "cnn" -> list.layer(new ConvolutionLayer.Builder(5, 5).padding(2, 2).nOut(8).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                    .layer(new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                    .layer(new DenseLayer.Builder().nOut(120).activation(Activation.RELU).build())
                    .layer(head).setInputType(InputType.convolutional(28, 28, 1));
            case "lstm" -> list.layer(new LastTimeStep(new LSTM.Builder().nOut(128).activation(Activation.TANH).build()))
                    .layer(head).setInputType(InputType.recurrent(64, 32));
            default -> throw new IllegalArgumentException("no DL4J network for " + name);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** The exported input in DL4J's layout: recurrent input [seq, batch, feature] becomes [batch, feature, seq]. */
    private static INDArray input(PeerModels.Model m, float[] values, int[] shape) {
        INDArray a = Nd4j.create(values, PeerModels.longs(shape), 'c');
        return m.name.equals("lstm") ? a.permute(1, 2, 0).dup('c') : a;
    }

    private static INDArray oneHot(float[] labels) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, 10);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, (int) labels[i], 1f);
        }
        return y;
    }

    /**
     * PyTorch's weights in DL4J's layouts: dense W is [in, out] (PyTorch's transposed), convolution W
     * is the same [out, in, kh, kw]; the LSTM keeps its gates in column blocks [block input, forget,
     * output, input] where PyTorch stacks rows [input, forget, cell (block input), output], and has
     * one bias where PyTorch adds two.
     */
    static void copyWeights(PeerModels.Model m, MultiLayerNetwork net) throws IOException {
        List<String> keys = new ArrayList<>(m.params.keySet());
        int k = 0;
        for (Layer layer : net.getLayers()) {
            Layer inner = layer instanceof org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer l ? l.getUnderlying() : layer;
            if (inner.numParams() == 0) {
                continue;
            }
            if (inner instanceof org.deeplearning4j.nn.layers.recurrent.LSTM) {
                int hidden = 128;
                INDArray wih = torch(m, keys.get(k)), whh = torch(m, keys.get(k + 1));
                INDArray bias = torch(m, keys.get(k + 2)).add(torch(m, keys.get(k + 3)));
                inner.setParam("W", gates(wih.transpose(), hidden));
                inner.setParam("RW", gates(whh.transpose(), hidden));
                inner.setParam("b", gates(bias.reshape(1, 4L * hidden), hidden));
                k += 4;
            } else {
                INDArray w = torch(m, keys.get(k));
                INDArray b = torch(m, keys.get(k + 1));
                inner.setParam("W", w.rank() == 2 ? w.transpose().dup('c') : w);
                inner.setParam("b", b.reshape(inner.getParam("b").shape()));
                k += 2;
            }
        }
        if (k != keys.size()) {
            throw new IllegalStateException(m.name + ": DL4J took " + k + " of PyTorch's " + keys.size() + " parameters");
        }
    }

    /** Columns [i | f | g | o] (PyTorch's gate order, already transposed) reordered to DL4J's [g | f | o | i]. */
    private static INDArray gates(INDArray torchColumns, int hidden) {
        INDArray[] blocks = new INDArray[4];
        int[] fromTorch = {2, 1, 3, 0};
        for (int j = 0; j < 4; j++) {
            blocks[j] = torchColumns.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval((long) fromTorch[j] * hidden, (long) (fromTorch[j] + 1) * hidden));
        }
        return Nd4j.hstack(blocks).dup('c');
    }

    private static INDArray torch(PeerModels.Model m, String key) throws IOException {
        return Nd4j.create(m.param(key), PeerModels.longs(m.params.get(key).shape()), 'c');
    }
}
