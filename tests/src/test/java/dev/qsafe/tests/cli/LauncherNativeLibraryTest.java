package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ./qsafe} launcher loads ACCP's JNI library as the build extracted it ({@code cli/target/native})
 * through ACCP's documented {@code useExternalLib} property, and nothing else in its place: with the library
 * where the launcher says, {@code accp} is active and its note says where it was loaded from; pointed at a
 * directory without it, {@code accp} is unavailable with the reason (ACCP does not fall back to its jar) and
 * commands still work on the other engines; a user's own ACCP property wins over the launcher's.
 */
class LauncherNativeLibraryTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("qsafe");
    private static final Path NATIVE = ROOT.resolve("cli/target/native");
    private static final String EXTERNAL = "-Dcom.amazon.corretto.crypto.provider.useExternalLib";

    @TempDir
    Path tmp;

    @Test
    void accp_loadsTheLibraryTheBuildExtracted_andNothingElseInItsPlace() throws Exception {
        assumeTrue(Files.isExecutable(LAUNCHER) && Files.isExecutable(Path.of("/bin/bash")),
                "needs the ./qsafe launcher and bash (a POSIX system)");
        assumeTrue(Files.isRegularFile(NATIVE.resolve("libamazonCorrettoCryptoProvider.so")),
                "the build extracts ACCP's library on linux-x86_64 only");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("msg.txt"), "hi\n", StandardCharsets.UTF_8);
        Subprocess.Result keygen = launch(work, "", "keygen", "--mode", "hybrid", "--unprotected", "-o", "a.id");
        assertEquals(0, keygen.code(), keygen.err());
        Subprocess.Result seal = launch(work, "", "seal", "--to", "a.id.pub", "--from", "a.id", "-o", "a.qsafe", "msg.txt");
        assertEquals(0, seal.code(), seal.err());

        JsonNode accp = accp(launch(work, "", "providers", "--json"));
        assertEquals("active", accp.get("state").asString(), accp.toString());
        assertTrue(accp.get("reason").asString().contains("from java.library.path " + NATIVE), accp.toString());

        Path empty = Files.createDirectories(tmp.resolve("no-library-here"));
        String elsewhere = EXTERNAL + "=true -Djava.library.path=" + empty;
        accp = accp(launch(work, elsewhere, "providers", "--json"));
        assertEquals("unavailable", accp.get("state").asString(), accp.toString());
        assertTrue(accp.get("reason").asString().contains("amazonCorrettoCryptoProvider"), accp.toString());
        Subprocess.Result open = launch(work, elsewhere, "open", "--id", "a.id", "--from", "a.id.pub", "a.qsafe");
        assertEquals(0, open.code(), open.err());
        assertEquals("hi\n", open.out());

        accp = accp(launch(work, EXTERNAL + "=false", "providers", "--json"));
        assertEquals("active", accp.get("state").asString(), accp.toString());
        assertFalse(accp.get("reason").asString().contains("java.library.path"), "the user's own setting wins: " + accp);
    }

    private static JsonNode accp(Subprocess.Result providers) {
        assertEquals(0, providers.code(), providers.err());
        for (JsonNode p : JsonMapper.builder().build().readTree(providers.out()).get("providers")) {
            if (p.get("name").asString().equals("accp")) {
                return p;
            }
        }
        throw new AssertionError("no accp in " + providers.out());
    }

    private Subprocess.Result launch(Path dir, String javaOpts, String... args) throws IOException, InterruptedException {
        return Subprocess.launcher(tmp, dir, Map.of("QSAFE_AOT", "off",
                "QSAFE_JAVA_OPTS", ("-Dqsafe.plugin.dir=" + tmp.resolve("no-plugins") + " " + javaOpts).trim()), args);
    }
}
