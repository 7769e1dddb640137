package dev.qsafe.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example is compiled against the real modules and run, so it cannot rot. */
class ReadmeExampleTest {
    @TempDir
    Path tmp;

    @Test
    void readmeJavaExample_compilesAndRuns() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        String source = null;
        while (m.find()) {
            if (m.group(1).contains("class Example")) {
                source = m.group(1);
                break;
            }
        }
        assertTrue(source != null, "README.md has a ```java block with class Example");

        Path src = tmp.resolve("Example.java");
        Files.writeString(src, source, StandardCharsets.UTF_8);
        StringWriter diagnostics = new StringWriter();
        boolean ok = ToolProvider.getSystemJavaCompiler().getTask(diagnostics, null, null,
                List.of("-d", tmp.toString(), "--module-path", System.getProperty("jdk.module.path"),
                        "--add-modules", "dev.qsafe.runtime", "-Xlint:all", "-Werror"),
                null, ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjects(src)).call();
        assertTrue(ok, "README example must compile without warnings:\n" + diagnostics);

        String printed = runMain(tmp);
        assertEquals("meet at noon via X-Wing", printed.strip());
    }

    private static String runMain(Path classes) throws IOException, ReflectiveOperationException {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeExampleTest.class.getClassLoader())) {
            Method main = loader.loadClass("Example").getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
