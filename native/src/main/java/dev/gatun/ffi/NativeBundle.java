package dev.gatun.ffi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * The shared libraries one bytedeco carrier jar holds for one platform, as resources under
 * {@code org/bytedeco/<artifact>/<classifier>/} of a jar on the class path or the module path
 * ({@link CarrierResources}). Only these files are extracted: the JavaCPP
 * glue ({@code libjni*}) and the headers stay in the jar.
 *
 * <p>linux-x86_64 is what CI runs and is verified file by file. The other platforms' names follow
 * bytedeco's naming and are unverified; a companion missing from the jar is skipped, only the
 * first file (the library itself) is required.
 */
final class NativeBundle {
    static final NativeBundle OPENBLAS = new NativeBundle("openblas", Map.of(
            "linux-x86_64", List.of("libopenblas.so.0", "libgfortran.so.5", "libquadmath.so.0", "libgcc_s.so.1"),
            "linux-arm64", List.of("libopenblas.so.0", "libgfortran.so.5", "libgcc_s.so.1"),
            "macosx-x86_64", List.of("libopenblas.0.dylib", "libgfortran.5.dylib", "libquadmath.0.dylib", "libgcc_s.1.1.dylib"),
            "macosx-arm64", List.of("libopenblas.0.dylib", "libgfortran.5.dylib", "libgcc_s.1.1.dylib"),
            "windows-x86_64", List.of("libopenblas.dll", "libgfortran-5.dll", "libquadmath-0.dll", "libgcc_s_seh-1.dll", "libwinpthread-1.dll")),
            // Same length, so the cached copy is patched in place (ElfSoname): no other library's
            // DT_NEEDED can resolve to Gatun's OpenBLAS, and Gatun's never to another copy.
            Map.of("linux-x86_64", Map.of("libopenblas.so.0", "libgatunbla.so.0"),
                    "linux-arm64", Map.of("libopenblas.so.0", "libgatunbla.so.0")));

    // libgomp sits beside libdnnl so that RUNPATH $ORIGIN resolves oneDNN's OpenMP runtime to it.
    static final NativeBundle DNNL = new NativeBundle("dnnl", Map.of(
            "linux-x86_64", List.of("libdnnl.so.3", "libgomp.so.1"),
            "linux-arm64", List.of("libdnnl.so.3", "libgomp.so.1"),
            "macosx-x86_64", List.of("libdnnl.3.dylib", "libgomp.1.dylib"),
            "macosx-arm64", List.of("libdnnl.3.dylib", "libgomp.1.dylib"),
            "windows-x86_64", List.of("dnnl.dll")),
            Map.of());

    final String artifact;
    private final Map<String, List<String>> filesByPlatform;
    private final Map<String, Map<String, String>> renamesByPlatform;

    private NativeBundle(String artifact, Map<String, List<String>> filesByPlatform, Map<String, Map<String, String>> renamesByPlatform) {
        this.artifact = artifact;
        this.filesByPlatform = filesByPlatform;
        this.renamesByPlatform = renamesByPlatform;
    }

    /** One bundled file: where it was found (class path or module path), its size and CRC-32 (both -1 if unknown). */
    record Resource(String name, URL url, long size, long crc) {}

    /**
     * What this bundle holds on this class path or module path for one platform. {@code folderName} is
     * {@code <artifact>-<version>-<fingerprint>}: two different builds (or patches) never share a
     * folder. {@code renames}: library names rewritten in every extracted file ({@link ElfSoname}).
     */
    record Contents(String folderName, List<Resource> files, Map<String, String> renames) {
        Resource main() {
            return files.getFirst();
        }
    }

    /** The bundled file whose name starts with {@code stem}, e.g. {@code libgomp} among DNNL's files. */
    Optional<String> fileStartingWith(String classifier, String stem) {
        return filesByPlatform.getOrDefault(classifier, List.of()).stream().filter(n -> n.startsWith(stem)).findFirst();
    }

    /**
     * Finds the bundled files on the class path or the module path.
     *
     * @throws IOException with a message that names the missing resource and the jar to add
     */
    Contents resolve(ClassLoader loader, String classifier) throws IOException {
        List<String> names = filesByPlatform.get(classifier);
        if (names == null) {
            throw new IOException("no bundled " + artifact + " for platform " + classifier);
        }
        String prefix = "org/bytedeco/" + artifact + "/" + classifier + "/";
        CarrierResources carrier = new CarrierResources(loader);
        List<Resource> files = new ArrayList<>();
        for (String name : names) {
            URL url = carrier.find(prefix + name);
            if (url == null) {
                if (files.isEmpty()) {
                    throw new IOException("resource " + prefix + name + " is on neither the class path nor the module path"
                            + " (add org.bytedeco:" + artifact + ":<version>:" + classifier + ")");
                }
                continue; // an optional companion this platform's jar does not ship
            }
            files.add(describe(name, url));
        }
        Map<String, String> renames = renamesByPlatform.getOrDefault(classifier, Map.of());
        return new Contents(artifact + "-" + version(carrier) + "-" + fingerprint(files, renames), List.copyOf(files), renames);
    }

    /**
     * Size and CRC-32 straight from the jar's central directory: this keys the cache on the
     * content without inflating ~130 MB at every start. Other URLs (an exploded class-path folder)
     * are read once to compute both.
     */
    private static Resource describe(String name, URL url) throws IOException {
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
            JarEntry entry = jar.getJarEntry();
            if (entry.getSize() >= 0 && entry.getCrc() >= 0) {
                return new Resource(name, url, entry.getSize(), entry.getCrc());
            }
        }
        CRC32 crc = new CRC32();
        long size = 0;
        try (InputStream in = connection.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; size += n) {
                crc.update(buffer, 0, n);
            }
        }
        return new Resource(name, url, size, crc.getValue());
    }

    /**
     * The cache folder's layout (marker format, patches). Part of the fingerprint, so that two Gatun
     * versions sharing a cache use different folders instead of each repairing the other's.
     */
    private static final String LAYOUT = "layout 2: marker with installed CRC-32";

    /** First 16 hex digits of the SHA-256 over the layout, every file's name, size and CRC-32, and the renames. */
    private static String fingerprint(List<Resource> files, Map<String, String> renames) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((LAYOUT + '\n').getBytes(StandardCharsets.UTF_8));
            for (Resource r : files) {
                sha.update((r.name() + '\0' + r.size() + '\0' + r.crc() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(renames).entrySet()) {
                sha.update(("rename " + e.getKey() + '\0' + e.getValue() + '\n').getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The carrier's version from its Maven metadata, for humans reading the cache folder. */
    private String version(CarrierResources carrier) {
        String path = "META-INF/maven/org.bytedeco/" + artifact + "/pom.properties";
        try (InputStream in = carrier.open(path)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && v.matches("[A-Za-z0-9._-]+")) {
                    return v;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The fingerprint alone keeps folders apart; the version is only a label.
        }
        return "unversioned";
    }
}
