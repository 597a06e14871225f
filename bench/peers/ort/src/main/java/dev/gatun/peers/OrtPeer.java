package dev.gatun.peers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * ONNX Runtime's Java API on the bench models (the ONNX files {@code peer.py --export} wrote from
 * the PyTorch definitions): batch-1 inference, the output checked against PyTorch's, timed per call
 * at each intra-op thread count. Session options at their fastest for one small request at a time:
 * every graph optimization, sequential execution, one inter-op thread, the input tensor made once
 * and the output written into a tensor made once (pinned output, no allocation per call).
 */
public final class OrtPeer {
    public static void main(String[] args) throws Exception {
        PeerRun run = new PeerRun("ort", args);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        run.info("onnxruntime", env.getVersion());
        run.info("session", "graph optimization ALL, sequential execution, inter-op threads 1, pinned output");
        for (String name : run.modelNames) {
            PeerModels.Model m = run.models.model(name);
            float[] sample = m.sample();
            float[] reference = m.referenceOutput();
            for (int threads : run.threads) {
                try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                    opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                    opts.setIntraOpNumThreads(threads);
                    opts.setInterOpNumThreads(1);
                    try (OrtSession session = env.createSession(m.file(".onnx").toString(), opts);
                         OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(sample), PeerModels.longs(m.sampleShape));
                         OnnxTensor output = OnnxTensor.createTensor(env,
                                 FloatBuffer.allocate(PeerModels.numel(m.outputShape)), PeerModels.longs(m.outputShape))) {
                        Map<String, OnnxTensor> inputs = Map.of("input", input);
                        Map<String, OnnxTensor> outputs = Map.of("output", output);
                        session.run(inputs, outputs).close();
                        float[] got = new float[reference.length];
                        output.getFloatBuffer().get(got);
                        String check = PeerRun.compare("batch-1 output", got, reference, 1e-4, 1e-3);
                        Timing.Stats infer = run.measure(() -> session.run(inputs, outputs).close(), run.calls * 4);
                        run.result(name, "-", threads, null, infer, check);
                    }
                }
            }
        }
        run.write();
    }
}
