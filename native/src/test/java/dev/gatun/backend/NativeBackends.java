package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * What the native tests mean by "every backend", taken from the registry rather than a list of
 * names kept by hand, so a backend added to this module is tested without editing the tests.
 */
final class NativeBackends {
    private NativeBackends() {}

    /**
     * The backends this module provides (its {@link BackendProvider} services), best first. Their
     * libraries are bundled here, so each must load: tests get them with {@link Backends#get}, which
     * throws with the loader's reason, and a backend that does not load fails rather than being skipped.
     */
    static List<String> providedHere() {
        List<String> names = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(BackendProvider::priority).reversed()).map(BackendProvider::name).toList();
        assertFalse(names.isEmpty(), "no BackendProvider registered: the tests would pass without testing a native backend");
        return names;
    }

    /**
     * Every backend the registry knows, loaded or not, best first, as {@code [a, b, ...]}: what a
     * forked child that ran on each of {@link Backends#available()} prints when none is off.
     */
    static String everyKnown() {
        return Backends.report().keySet().toString();
    }
}
