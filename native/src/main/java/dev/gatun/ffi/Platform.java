package dev.gatun.ffi;

import java.util.Locale;
import java.util.Optional;

/** Maps {@code os.name}/{@code os.arch} to the classifier the bytedeco carrier jars use. */
final class Platform {
    private Platform() {}

    /** {@code linux-x86_64}, {@code linux-arm64}, {@code macosx-arm64}, ... or empty when unsupported. */
    static Optional<String> classifier() {
        return classifier(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static Optional<String> classifier(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String family = os.startsWith("linux") ? "linux"
                : os.startsWith("mac") || os.startsWith("darwin") ? "macosx"
                : os.startsWith("windows") ? "windows"
                : null;
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> null;
        };
        if (family == null || arch == null || family.equals("windows") && arch.equals("arm64")) {
            return Optional.empty();
        }
        return Optional.of(family + "-" + arch);
    }

    static String describe() {
        return "os.name=" + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch");
    }
}
