package dev.gatun.optim;

/**
 * Cosine annealing, PyTorch's CosineAnnealingLR closed form
 * {@code lr = etaMin + (base - etaMin) * (1 + cos(pi * epoch / tMax)) / 2}; after {@code tMax}
 * epochs it stays at {@code etaMin} (PyTorch would climb back up). {@code new CosineAnnealing(opt, 100, 0f)}.
 */
public final class CosineAnnealing extends LrSchedule {
    private final int tMax;
    private final float etaMin;

    public CosineAnnealing(Optimizer optimizer, int tMax, float etaMin) {
        super(optimizer);
        if (tMax <= 0 || !(etaMin >= 0f)) {
            throw new IllegalArgumentException("CosineAnnealing: tMax must be positive and etaMin >= 0, got tMax="
                    + tMax + " etaMin=" + etaMin);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    public float learningRateAt(int epoch, float baseLr) {
        int e = Math.min(epoch, tMax);
        return (float) (etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2);
    }
}
