package dev.gatun.cli.models;

import dev.gatun.autograd.Var;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;

/**
 * A vanilla gradient saliency map (Simonyan et al., 2014): the gradient of the predicted
 * class's score (its logit, before the softmax) with respect to each input pixel, which says
 * which pixels would change the decision most if nudged.
 *
 * @param scores    the model's logits for the input
 * @param predicted the arg-max class
 * @param gradient  d score[predicted] / d pixel, one per input value
 */
public record Saliency(float[] scores, int predicted, float[] gradient) {

    /** Runs {@code model} (in evaluation mode) on one input row and back-propagates the top score to it. */
    public static Saliency of(Module model, float[] input) {
        model.eval();
        try (Scope scope = Scope.confined()) {
            Var x = Var.leaf(Tensor.of(input, 1, input.length), true);
            Var out = model.forward(x);
            float[] scores = out.value().toArray();
            int best = 0;
            for (int i = 1; i < scores.length; i++) {
                if (scores[i] > scores[best]) {
                    best = i;
                }
            }
            float[] seed = new float[scores.length];
            seed[best] = 1f; // d score[best] / d out = one-hot
            out.backward(Tensor.of(seed, out.shape()));
            return new Saliency(scores, best, x.grad().toArray());
        }
    }

    /** softmax(scores)[predicted]. */
    public double confidence() {
        double max = scores[predicted], sum = 0;
        for (float s : scores) {
            sum += Math.exp(s - max);
        }
        return 1 / sum;
    }
}
