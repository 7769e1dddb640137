package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.tests.Vectors;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java 21 user's path (docs/JAVA-VERSIONS.md), on this JDK 25: every engine that needs a JDK 25 API is
 * taken away as a Java 21 runtime would (jdk-pqc: the JDK's ML-KEM and ML-DSA; jdk-classical's HKDF and
 * DHKEM, which use javax.crypto.KDF), and the three modes, the vectors and the CLI still work on the
 * engines that remain (Bouncy Castle's). No JDK 21 is installed here; this proves the fallback, the
 * compilation with --release 21 proves the API surface.
 */
class Java21PathTest {
    @TempDir
    Path tmp;

    /** What a Java 21 runtime lacks, expressed as configuration. */
    private static final List<String> AS_ON_JAVA_21 = List.of("-Dqsafe.provider.exclude=jdk-pqc",
            "-Dqsafe.provider.pin=HKDF-SHA256=bc-classical,DHKEM-X25519-HKDF-SHA256=bc-classical");

    @Test
    void allModesVectorsAndCli_workWithoutTheJdk25Engines() throws Exception {
        Subprocess.Result demo = Subprocess.run(tmp, null, AS_ON_JAVA_21, "demo", "--mode", "classical,hybrid,quantum",
                "--warmup-ms", "0", "--measure-ms", "1");
        assertEquals(0, demo.code(), demo.out() + demo.err());
        for (String mode : List.of("CLASSICAL", "HYBRID", "PQC")) {
            assertTrue(demo.out().toUpperCase(java.util.Locale.ROOT).contains(mode), mode + ": " + demo.out());
        }

        Subprocess.Result providers = Subprocess.run(tmp, null, AS_ON_JAVA_21, "providers", "--json");
        assertEquals(0, providers.code(), providers.err());
        assertTrue(providers.out().contains("\"algorithm\" : \"ML-KEM-768\""), providers.out());
        assertFalse(providers.out().contains("\"selected\" : \"jdk-pqc\""), "jdk-pqc is never selected");

        Path dir = Vectors.dir();
        Subprocess.Result vectors = Subprocess.run(tmp, null, AS_ON_JAVA_21, "vectors",
                dir.resolve("wycheproof/hkdf_sha256_test.json.gz").toString(),
                dir.resolve("wycheproof/mlkem_768_test.json.gz").toString(),
                dir.resolve("wycheproof/mldsa_65_verify_test.json.gz").toString(),
                dir.resolve("xwing").toString(), dir.resolve("hpke").toString());
        assertEquals(0, vectors.code(), vectors.out() + vectors.err());
        assertFalse(vectors.out().contains("jdk-pqc"), "no vector ran on jdk-pqc: " + vectors.out());
    }
}
