package dev.gatun.bench;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The JMH state that makes one backend current on the benchmark thread (a thread-local
 * override) for the trial, sized to the benchmark's {@code threads} parameter when it has one.
 * A benchmark method names the backend by its parameter type:
 *
 * <pre>{@code
 * @Benchmark
 * public Tensor forwardOnednn(Buffers s, CurrentBackend.Onednn u) { ... }
 * }</pre>
 */
public final class CurrentBackend {
    private CurrentBackend() {}

    @State(Scope.Thread)
    public abstract static class Using {
        private Backends.Using using;

        abstract String backend();

        @Setup(Level.Trial)
        public void enter(BenchmarkParams params) {
            Backend b = Backends.get(backend());
            String threads = params.getParamsKeys().contains("threads") ? params.getParam("threads") : null;
            if (threads != null) {
                b.setThreads(Integer.parseInt(threads));
            }
            using = Backends.using(b);
        }

        @TearDown(Level.Trial)
        public void leave() {
            using.close();
        }
    }

    public static class Onednn extends Using {
        @Override
        String backend() {
            return "onednn";
        }
    }

    public static class Openblas extends Using {
        @Override
        String backend() {
            return "openblas";
        }
    }

    public static class Java extends Using {
        @Override
        String backend() {
            return "java";
        }
    }
}
