package dev.gatun.ffi;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a file of a bytedeco carrier jar: through the class loader (the carrier on the class
 * path), else in the jars of the module path, read as files.
 *
 * <p>Why the second place: the carriers are named modules ({@code org.bytedeco.openblas.linux.x86_64})
 * that {@code requires transitive org.bytedeco.openblas}, JavaCPP's binding, which Gatun leaves
 * out (only the shared libraries are used). So on the module path they can never be resolved,
 * and an unresolved module's files are invisible to every class loader. Their libraries sit in
 * folders that are not packages ({@code linux-x86_64} is no Java identifier), so reading them
 * straight from the jar takes nothing from any module's encapsulation. A consumer puts everything
 * on the module path and adds no {@code --add-modules}; the carriers stay unresolved, which the
 * module system allows.
 */
final class CarrierResources {
    private final ClassLoader loader;
    private List<ModuleReference> modulePath; // read once, on the first miss

    CarrierResources(ClassLoader loader) {
        this.loader = loader;
    }

    /** The file's URL, or null when neither the class path nor the module path has it. */
    URL find(String path) throws IOException {
        URL url = loader == null ? null : loader.getResource(path);
        if (url != null) {
            return url;
        }
        for (ModuleReference module : modulePath()) {
            try (ModuleReader reader = module.open()) {
                Optional<URI> uri = reader.find(path);
                if (uri.isPresent()) {
                    return toUrl(uri.get());
                }
            }
        }
        return null;
    }

    /** The file's content, or null when it is in neither place. */
    InputStream open(String path) throws IOException {
        URL url = find(path);
        return url == null ? null : url.openStream();
    }

    private static URL toUrl(URI uri) throws IOException {
        try {
            return uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IOException("cannot read " + uri + " from the module path", e);
        }
    }

    /**
     * The modules of {@code jdk.module.path}, one entry at a time, so that one jar the module
     * system rejects (say, an automatic module whose name cannot be derived) hides nothing else.
     */
    private List<ModuleReference> modulePath() {
        if (modulePath == null) {
            List<ModuleReference> found = new ArrayList<>();
            String property = System.getProperty("jdk.module.path", "");
            for (String entry : property.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                try {
                    found.addAll(ModuleFinder.of(Path.of(entry)).findAll());
                } catch (FindException | java.nio.file.InvalidPathException e) {
                    // not a readable module (or folder of modules): nothing of ours is there
                }
            }
            modulePath = List.copyOf(found);
        }
        return modulePath;
    }
}
