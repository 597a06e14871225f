package dev.gatun.ffi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A carrier's files are found on the class path, and in jars of the module path that no one resolved. */
class CarrierResourcesTest {
    private static final String FILE = "org/bytedeco/fake/linux-x86_64/libfake.so.1";
    private final String modulePath = System.getProperty("jdk.module.path");

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        if (modulePath == null) {
            System.clearProperty("jdk.module.path");
        } else {
            System.setProperty("jdk.module.path", modulePath);
        }
    }

    private Path jar(String name, String entry, byte[] content) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry(entry));
            j.write(content);
            j.closeEntry();
        }
        return jar;
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void findsTheFileInAnUnresolvedJarOfTheModulePath() throws IOException {
        byte[] content = "ELF, pretend".getBytes(StandardCharsets.UTF_8);
        Path carrier = jar("fake-carrier.jar", FILE, content);
        Path broken = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        // a missing entry and a jar the module system rejects hide nothing behind them
        System.setProperty("jdk.module.path", String.join(File.pathSeparator,
                dir.resolve("missing.jar").toString(), broken.toString(), carrier.toString()));
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            CarrierResources resources = new CarrierResources(empty);
            URL url = resources.find(FILE);
            assertNotNull(url, "found through the module path");
            assertArrayEquals(content, read(url));
            assertNull(resources.find("org/bytedeco/fake/linux-x86_64/absent.so"));
        }
    }

    @Test
    void theClassPathComesFirst() throws IOException {
        byte[] onClassPath = {1, 2, 3}, onModulePath = {4, 5, 6};
        Path classPathJar = jar("cp.jar", FILE, onClassPath);
        System.setProperty("jdk.module.path", jar("mp.jar", FILE, onModulePath).toString());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classPathJar.toUri().toURL()}, null)) {
            assertArrayEquals(onClassPath, read(new CarrierResources(loader).find(FILE)));
        }
    }

    @Test
    void withNeitherItIsAbsent() throws IOException {
        System.clearProperty("jdk.module.path");
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertNull(new CarrierResources(empty).find(FILE));
            assertNull(new CarrierResources(empty).open(FILE));
        }
    }
}
