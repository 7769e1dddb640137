package dev.qsafe.tests.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Builds third-party plug-in jars at test time: writes sources, compiles them against qsafe's modules, jars the classes. */
public final class PluginJars {
    private PluginJars() {
    }

    /** Compiles every {@code .java} file under {@code src} into {@code out} on the test's module path; fails the test on an error. */
    public static Path compile(Path src, Path out, List<String> extraJavacOptions) throws IOException {
        List<Path> sources;
        try (Stream<Path> s = Files.walk(src)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--module-path", System.getProperty("jdk.module.path")));
        args.addAll(extraJavacOptions);
        sources.forEach(p -> args.add(p.toString()));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, rc, "the plug-in compiles: " + diagnostics.toString(StandardCharsets.UTF_8));
        return out;
    }

    /** Jars every file under {@code classes} (sorted, with a minimal manifest) into {@code jar}. */
    public static void jar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
    }

    /** Writes {@code content} (UTF-8) to {@code file}, creating its folders. */
    public static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
