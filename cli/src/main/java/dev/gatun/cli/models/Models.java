package dev.gatun.cli.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The registry of model kinds by name, in the order {@code --help} lists them. */
public final class Models {
    private static final Map<String, ModelKind> KINDS = new LinkedHashMap<>();

    static {
        register(new PerceptronKind());
        register(new LogisticRegressionKind());
        register(new MlpKind());
        register(CnnKind.standard());
        register(CnnKind.small());
        register(new RecurrentKind("rnn"));
        register(new RecurrentKind("lstm"));
        register(new RecurrentKind("gru"));
        register(new TransformerKind());
    }

    private Models() {}

    /** Adds a kind (replacing one of the same name). */
    public static synchronized void register(ModelKind kind) {
        KINDS.put(kind.name(), kind);
    }

    public static synchronized ModelKind get(String name) {
        ModelKind kind = KINDS.get(name);
        if (kind == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known: " + String.join(", ", KINDS.keySet()));
        }
        return kind;
    }

    public static synchronized Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(KINDS.keySet()));
    }
}
