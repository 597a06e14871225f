package dev.gatun.backend.scalar;

/**
 * The error function in double precision, accurate to a few ulps: the oracle for GELU's exact
 * form. Two classical expansions cover the line without cancellation:
 *
 * <ul>
 *   <li>|x| &lt; 3: erf(x) = 2/sqrt(pi) e^(-x^2) sum_n (2x^2)^n x / (1*3*...*(2n+1)), a series
 *       of positive terms (Abramowitz-Stegun 7.1.6), so nothing cancels;</li>
 *   <li>|x| >= 3: erfc(x) = e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
 *       (A-S 7.1.14), evaluated bottom-up; it keeps erfc's tiny values that 1 - erf would
 *       round away.</li>
 * </ul>
 */
public final class Erf {
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
    private static final double SERIES_LIMIT = 3.0;
    private static final int FRACTION_TERMS = 80;

    private Erf() {}

    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < SERIES_LIMIT) {
            return series(x);
        }
        double r = 1.0 - continuedFraction(ax);
        return x < 0 ? -r : r;
    }

    /** 1 - erf(x), without the cancellation for large x. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x >= SERIES_LIMIT) {
            return continuedFraction(x);
        }
        if (x <= -SERIES_LIMIT) {
            return 2.0 - continuedFraction(-x);
        }
        return 1.0 - series(x);
    }

    /** A-S 7.1.6 for |x| < 3: every term positive, at most ~60 of them. */
    private static double series(double x) {
        double x2 = x * x;
        double term = x; // (2x^2)^n x / (2n+1)!!, n = 0
        double sum = term;
        for (int n = 1; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (Math.abs(term) <= Math.abs(sum) * 1e-17) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** A-S 7.1.14 for x >= 3: erfc(x) = e^(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + ...)))). */
    private static double continuedFraction(double x) {
        if (x > 27) {
            return 0.0; // e^(-729) underflows a double
        }
        double tail = x;
        for (int k = FRACTION_TERMS; k >= 1; k--) {
            tail = x + (k / 2.0) / tail;
        }
        return ONE_OVER_SQRT_PI * Math.exp(-x * x) / tail;
    }
}
