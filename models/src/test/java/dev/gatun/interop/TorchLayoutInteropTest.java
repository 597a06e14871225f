package dev.gatun.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's CNN, LSTM and GRU weights, read from the golden files as PyTorch laid them out
 * (conv [OC, IC, KH, KW]; recurrent weights [G*H, in] in gate order i, f, g, o and r, z, n), drive
 * Gatun's ops directly and reproduce PyTorch's outputs within 1e-5: the layouts agree at the op
 * level, whatever modules are built on top.
 */
class TorchLayoutInteropTest {
    private static void assertReproduces(String what, Tensor got, float[] want) {
        double err = TorchInteropTest.relativeError(got.toArray(), want);
        assertTrue(err <= TorchInteropTest.REL_TOL, what + ": relative error " + err);
    }

    @Test
    void cnnOfConvBatchNormPoolingAndLinear() throws IOException {
        try (SafetensorsFile w = SafetensorsFile.open(TorchPython.resource("cnn.safetensors"));
                SafetensorsFile io = SafetensorsFile.open(TorchPython.resource("cnn.io.safetensors"));
                Scope s = Scope.confined()) {
            // Sequential(Conv2d(1,4,3,padding=1), BatchNorm2d(4), ReLU, MaxPool2d(2), Conv2d(4,8,3), ReLU, Flatten, Linear(32,5))
            Tensor h = Ops.conv2d(io.tensor("x"), w.tensor("0.weight"), w.tensor("0.bias"), Conv2dParams.of(1, 1));
            h = Ops.batchNorm2dInference(h, w.tensor("1.weight"), w.tensor("1.bias"), w.tensor("1.running_mean"),
                    w.tensor("1.running_var"), 1e-5f);
            h = Ops.relu(h);
            h = Ops.maxPool2d(h, Pool2dParams.of(2, 2, 0)).dst();
            h = Ops.relu(Ops.conv2d(h, w.tensor("4.weight"), w.tensor("4.bias"), Conv2dParams.of(1, 0)));
            Tensor flat = h.reshape(h.dim(0), -1);
            Tensor y = Ops.add(Ops.matmul(flat, false, w.tensor("7.weight"), true), w.tensor("7.bias"));
            assertReproduces("cnn y", y, io.floats("y"));
        }
    }

    @Test
    void lstm() throws IOException {
        recurrent("lstm", RnnKind.LSTM);
    }

    @Test
    void gru() throws IOException {
        recurrent("gru", RnnKind.GRU);
    }

    private static void recurrent(String family, RnnKind kind) throws IOException {
        try (SafetensorsFile w = SafetensorsFile.open(TorchPython.resource(family + ".safetensors"));
                SafetensorsFile io = SafetensorsFile.open(TorchPython.resource(family + ".io.safetensors"));
                Scope s = Scope.confined()) {
            Tensor x = io.tensor("x"); // [seq, batch, input]
            Tensor wih = w.tensor("weight_ih_l0");
            RnnParams p = new RnnParams(kind, 1, false, x.dim(0), x.dim(1), x.dim(2), wih.dim(0) / kind.gates());
            RnnWeights weights = new RnnWeights(new Tensor[] {wih}, new Tensor[] {w.tensor("weight_hh_l0")},
                    new Tensor[] {w.tensor("bias_ih_l0")}, new Tensor[] {w.tensor("bias_hh_l0")});
            Ops.RnnResult r = Ops.rnn(p, x, null, null, weights, false);
            assertReproduces(family + " y", r.dst(), io.floats("y"));
            assertReproduces(family + " h_n", r.hN(), io.floats("h_n"));
            if (kind == RnnKind.LSTM) {
                assertReproduces(family + " c_n", r.cN(), io.floats("c_n"));
            }
        }
    }
}
