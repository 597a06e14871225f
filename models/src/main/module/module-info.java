/**
 * The model layer: autograd, modules and losses, optimizers, the one {@code Trainer}, data sets,
 * checkpoints and the {@code Predictor}. Native backends are used when gatun-native is in the
 * module graph; nothing here depends on it. The optimizers update parameters through raw
 * addresses ({@code MemorySegment.reinterpret}, restricted): run with
 * {@code --enable-native-access=dev.gatun.models} (and {@code dev.gatun.nativelib}).
 */
module dev.gatun.models {
    requires transitive dev.gatun.api;
    requires java.desktop; // the glyph data set draws its characters with java.awt
    requires static jdk.incubator.vector;

    exports dev.gatun.autograd;
    exports dev.gatun.checkpoint;
    exports dev.gatun.data;
    exports dev.gatun.json;
    exports dev.gatun.nn;
    exports dev.gatun.nn.loss;
    exports dev.gatun.optim;
    exports dev.gatun.serve;
    exports dev.gatun.train;
}
