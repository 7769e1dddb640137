package dev.qsafe.tests.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.adaptive.AdaptiveConfig;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.config.QSafeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration examples of docs/ADAPTIVE.md and the README load as written, and the documented defaults are the code's. */
class AdaptiveDocsTest {
    @TempDir
    Path dir;

    private static List<String> jsonBlocks(Path file) throws IOException {
        Matcher m = Pattern.compile("(?s)```json\\n(.*?)```").matcher(Files.readString(file));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private QSafeConfig load(String json) throws IOException {
        Path p = dir.resolve("c.json");
        Files.writeString(p, json);
        return QSafeConfig.load(p);
    }

    @Test
    void adaptiveDoc_configExample_loads_withTheDocumentedDefaultThresholds() throws IOException {
        List<String> blocks = jsonBlocks(Path.of("..", "docs", "ADAPTIVE.md"));
        assertEquals(1, blocks.size());
        AdaptiveConfig a = AdaptiveConfig.from(load(blocks.get(0)));
        assertEquals(CryptoMode.HYBRID, a.floor());
        assertEquals(AdaptiveConfig.Thresholds.DEFAULTS, a.thresholds(), "the example lists the defaults");
        assertEquals(50.0, a.network().bandwidthMbps());
    }

    @Test
    void adaptiveDoc_javaExamples_compile() throws IOException {
        Matcher m = Pattern.compile("(?s)```java\\n(.*?)```").matcher(Files.readString(Path.of("..", "docs", "ADAPTIVE.md")));
        StringBuilder src = new StringBuilder("import dev.qsafe.adaptive.*;\nimport dev.qsafe.runtime.*;\nclass AdaptiveExamples {\n");
        int n = 0;
        while (m.find()) {
            String block = m.group(1);
            src.append("static void example").append(n++).append(block.contains("QSafe qsafe =") ? "()" : "(QSafe qsafe)")
                    .append(" {\n").append(block).append("}\n");
        }
        src.append("}\n");
        assertEquals(2, n, "docs/ADAPTIVE.md has two Java examples");
        Path file = dir.resolve("AdaptiveExamples.java");
        Files.writeString(file, src);
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        java.io.StringWriter diagnostics = new java.io.StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null,
                List.of("-d", dir.toString(), "--module-path", System.getProperty("jdk.module.path"),
                        "--add-modules", "dev.qsafe.adaptive", "-Xlint:all", "-Werror"),
                null, javac.getStandardFileManager(null, null, java.nio.charset.StandardCharsets.UTF_8)
                        .getJavaFileObjects(file)).call();
        assertTrue(ok, "docs/ADAPTIVE.md examples must compile:\n" + diagnostics + "\n" + src);
    }

    @Test
    void readme_configExample_loads_withItsAdaptiveSection() throws IOException {
        List<String> blocks = jsonBlocks(Path.of("..", "README.md"));
        String config = blocks.stream().filter(b -> b.contains("\"adaptive\"")).findFirst().orElseThrow();
        AdaptiveConfig c = AdaptiveConfig.from(load(config));
        assertEquals(CryptoMode.HYBRID, c.floor());
        assertTrue(Boolean.FALSE.equals(c.network().metered()));
    }
}
