package dev.gatun.autograd;

import static dev.gatun.autograd.FiniteDifferences.input;

import dev.gatun.backend.Backends;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.backend.RnnParams;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RnnF on the tape against finite differences: input, initial states and every weight, all
 * outputs in the loss. This checks the tape's wiring (the joined outputs, the order of the
 * gradients), so it runs on the scalar oracle, which is fastest at these sizes; every backend's
 * kernels have their own finite-difference tests.
 */
class RnnFGradientTest {

    static Stream<RnnParams> cases() {
        return Stream.of(RnnKind.values()).flatMap(kind -> Stream.of(
                new RnnParams(kind, 1, false, 3, 2, 3, 2),
                new RnnParams(kind, 2, true, 2, 1, 2, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(RnnParams p) {
        Rng rng = new Rng(p.hashCode());
        try (Scope scope = Scope.confined(); Backends.Using oracle = Backends.using(new ScalarBackend())) {
            float k = 0.7f;
            List<Var> wi = new ArrayList<>(), wh = new ArrayList<>(), bi = new ArrayList<>(), bh = new ArrayList<>();
            int gh = p.gates() * p.hidden();
            for (int e = 0; e < p.states(); e++) {
                wi.add(input(rng, -k, k, gh, p.layerInput(e / p.directions())));
                wh.add(input(rng, -k, k, gh, p.hidden()));
                bi.add(input(rng, -k, k, gh));
                bh.add(input(rng, -k, k, gh));
            }
            RnnF.Weights w = new RnnF.Weights(wi, wh, bi, bh);
            Var x = input(rng, -1, 1, p.srcShape());
            Var h0 = input(rng, -1, 1, p.stateShape());
            Var c0 = p.kind().hasCellState() ? input(rng, -1, 1, p.stateShape()) : null;
            List<Var> all = new ArrayList<>(List.of(x, h0));
            if (c0 != null) {
                all.add(c0);
            }
            all.addAll(wi);
            all.addAll(wh);
            all.addAll(bi);
            all.addAll(bh);
            // ReLU's kink at 0: a narrower step keeps the difference on one side of it
            double h = p.kind() == RnnKind.RNN_RELU ? 1e-3 : FiniteDifferences.H;
            FiniteDifferences.check(p.toString(), h, 2e-2, () -> {
                RnnF.Result r = RnnF.rnn(p, x, h0, c0, w);
                Var out = F.reshape(r.output(), -1), hN = F.reshape(r.hN(), -1);
                return r.cN() == null ? F.concat(0, out, hN) : F.concat(0, out, hN, F.reshape(r.cN(), -1));
            }, all.toArray(Var[]::new));
        }
    }
}
