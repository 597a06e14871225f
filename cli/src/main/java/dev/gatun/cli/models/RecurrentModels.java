package dev.gatun.cli.models;

import dev.gatun.autograd.F;
import dev.gatun.autograd.Var;
import dev.gatun.nn.Embedding;
import dev.gatun.nn.GRU;
import dev.gatun.nn.LSTM;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.RNN;
import dev.gatun.nn.RecurrentLayer;
import dev.gatun.tensor.Rng;

/**
 * The networks of {@code gatun train rnn|lstm|gru}: a stack of equal-width recurrent layers
 * ({@code rnn}, batch first) under a {@code head}, either reading a window of numbers and
 * forecasting the next ({@link Forecaster}) or reading characters and predicting the next at
 * every position ({@link CharacterModel}).
 */
final class RecurrentModels {
    private RecurrentModels() {}

    /** A recurrent stack of {@code kind} (rnn, lstm, gru): {@code layers} layers of {@code hidden} units, batch first. */
    static RecurrentLayer layer(String kind, int input, int hidden, int layers, Rng rng) {
        return switch (kind) {
            case "rnn" -> new RNN(input, hidden, layers, "tanh", true, true, false, rng);
            case "lstm" -> new LSTM(input, hidden, layers, true, true, false, rng);
            case "gru" -> new GRU(input, hidden, layers, true, true, false, rng);
            default -> throw new IllegalArgumentException("no recurrent layer '" + kind + "'; expected rnn, lstm or gru");
        };
    }

    /** Windows [N, T] of a series to the next value [N, 1]: the last step's hidden state through a Linear. */
    static final class Forecaster extends Module {
        private final RecurrentLayer rnn;
        private final Linear head;

        Forecaster(String kind, int hidden, int layers, Rng rng) {
            this.rnn = child("rnn", layer(kind, 1, hidden, layers, rng));
            this.head = child("head", new Linear(hidden, 1, rng));
        }

        @Override
        public Var forward(Var x) {
            int n = x.dim(0), t = x.dim(1);
            Var out = rnn.forward(F.reshape(x, n, t, 1)); // [N, T, hidden]
            Var last = F.reshape(F.slice(out, 1, t - 1, t), n, -1); // [N, hidden]
            return head.forward(last);
        }
    }

    /** Character ids [B, T] to next-character logits [B, T, vocab]: embedding, recurrent stack, Linear. */
    static final class CharacterModel extends Module {
        private final Embedding embed;
        private final RecurrentLayer rnn;
        private final Linear head;

        CharacterModel(String kind, int vocab, int hidden, int layers, Rng rng) {
            this.embed = child("embed", new Embedding(vocab, hidden, rng));
            this.rnn = child("rnn", layer(kind, hidden, hidden, layers, rng));
            this.head = child("head", new Linear(hidden, vocab, rng));
        }

        @Override
        public Var forward(Var ids) {
            return head.forward(rnn.forward(embed.forward(ids)));
        }
    }
}
