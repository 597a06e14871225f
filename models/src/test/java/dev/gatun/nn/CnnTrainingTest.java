package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.NoGrad;
import dev.gatun.autograd.Var;
import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.nn.loss.CrossEntropyLoss;
import dev.gatun.optim.Adam;
import dev.gatun.optim.Optimizer;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The convolutional layers end to end: a conv - batch norm - ReLU - max pool - linear network
 * learns where a bright 3x3 blob sits in a noisy 12x12 image (4 quadrants, 4 classes), trained
 * with Adam in step scopes, then classifies fresh images in evaluation mode (running statistics).
 */
@SuppressWarnings("try") // scopes and NoGrad blocks act by being open, unreferenced
class CnnTrainingTest {

    /** n images [n, 1, 12, 12] with the blob in quadrant labels[i]; returns the labels. */
    private static float[] blobs(Rng rng, Tensor images) {
        int n = images.dim(0);
        float[] pixels = Tensor.uniform(rng, 0, 0.3f, images.shape()).toArray();
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            int q = rng.nextInt(4);
            labels[i] = q;
            int y0 = (q / 2) * 6 + rng.nextInt(4), x0 = (q % 2) * 6 + rng.nextInt(4);
            for (int dy = 0; dy < 3; dy++) {
                for (int dx = 0; dx < 3; dx++) {
                    pixels[i * 144 + (y0 + dy) * 12 + x0 + dx] += 1f;
                }
            }
        }
        images.copyFrom(pixels);
        return labels;
    }

    @Test
    void aSmallCnnLearnsWhereTheBlobIs() {
        Rng rng = new Rng(3);
        try (Backends.Using b = Backends.using(Backends.get("java"));
                Scope data = Scope.confined();
                Sequential cnn = new Sequential(
                        new Conv2d(1, 4, 3, Conv2dParams.of(1, 1), rng), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                        new Flatten(), new Linear(4 * 6 * 6, 4, rng))) {
            Optimizer adam = new Adam(cnn.parameters(), 0.02f);
            CrossEntropyLoss ce = new CrossEntropyLoss();
            Tensor x = Tensor.zeros(32, 1, 12, 12);
            float first = 0, last = 0;
            for (int step = 0; step < 40; step++) {
                try (Scope s = Scope.confined()) {
                    Tensor y = Tensor.of(blobs(rng, x));
                    adam.zeroGrad();
                    Var loss = ce.forward(cnn.forward(Var.constant(x)), y);
                    loss.backward();
                    adam.step();
                    first = step == 0 ? loss.item() : first;
                    last = loss.item();
                }
            }
            assertTrue(last < 0.25f * first, "loss fell only from " + first + " to " + last);
            cnn.eval();
            try (Scope s = Scope.confined(); NoGrad ng = NoGrad.enter()) {
                Tensor test = Tensor.zeros(64, 1, 12, 12);
                float[] labels = blobs(rng, test);
                float[] logits = cnn.forward(Var.constant(test)).value().toArray();
                int right = 0;
                for (int i = 0; i < 64; i++) {
                    int best = 0;
                    for (int c = 1; c < 4; c++) {
                        best = logits[i * 4 + c] > logits[i * 4 + best] ? c : best;
                    }
                    right += best == (int) labels[i] ? 1 : 0;
                }
                assertTrue(right >= 58, "evaluation accuracy " + right + "/64");
            }
        }
    }
}
