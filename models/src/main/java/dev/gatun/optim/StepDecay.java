package dev.gatun.optim;

/**
 * PyTorch's StepLR: {@code lr = base * gamma^floor(epoch / stepSize)}, e.g. halve every 10
 * epochs with {@code new StepDecay(opt, 10, 0.5f)}.
 */
public final class StepDecay extends LrSchedule {
    private final int stepSize;
    private final float gamma;

    public StepDecay(Optimizer optimizer, int stepSize, float gamma) {
        super(optimizer);
        if (stepSize <= 0 || !(gamma > 0f)) {
            throw new IllegalArgumentException("StepDecay: step size must be positive and gamma > 0, got stepSize="
                    + stepSize + " gamma=" + gamma);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    public float learningRateAt(int epoch, float baseLr) {
        return (float) (baseLr * Math.pow(gamma, epoch / stepSize));
    }
}
