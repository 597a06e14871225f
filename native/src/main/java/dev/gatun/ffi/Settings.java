package dev.gatun.ffi;

import java.util.function.UnaryOperator;

/**
 * Where the loader reads its knobs: system properties first, then environment variables. A record
 * rather than direct {@code System.getProperty} calls so tests can build a loader with their own
 * values without touching the JVM's global state.
 */
record Settings(UnaryOperator<String> property, UnaryOperator<String> env) {
    static Settings system() {
        return new Settings(System::getProperty, System::getenv);
    }

    /** A named value from the property, else the environment variable, else null. */
    Setting get(String propertyName, String envName) {
        String p = property.apply(propertyName);
        if (p != null && !p.isBlank()) {
            return new Setting(propertyName, p.strip());
        }
        String e = env.apply(envName);
        if (e != null && !e.isBlank()) {
            return new Setting(envName, e.strip());
        }
        return null;
    }

    /** A value and the name it came from, so messages can say which knob to fix. */
    record Setting(String name, String value) {
        @Override
        public String toString() {
            return name + "=" + value;
        }
    }
}
