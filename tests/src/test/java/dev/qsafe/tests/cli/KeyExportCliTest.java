package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.cli.ExitCodes;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.runtime.keys.KeyEncodings.PrivateKeyForm;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qsafe key export}: each form of an identity's ML-KEM and ML-DSA keys, PEM and DER, owner-only
 * files, the same key in every form, and the refusals (unknown form, a form another algorithm lacks).
 */
class KeyExportCliTest {
    private static final CryptoRegistry REGISTRY = CryptoRegistry.discover(RegistryConfig.defaults());

    @TempDir
    Path dir;

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void everyForm_ofBothKeys_isTheSameKey() throws IOException {
        Cli.Result g = Cli.run("keygen", "--mode", "pqc", "--name", "alice", "-o", p("alice.id"), "--unprotected");
        assertEquals(0, g.code(), g.err());
        for (String which : new String[] {"kem", "signature"}) {
            byte[] seedRaw = null;
            for (PrivateKeyForm form : PrivateKeyForm.values()) {
                String file = which + "-" + form.label() + ".pem";
                Cli.Result r = Cli.run("key", "export", "--id", p("alice.id"), "--key", which, "--form", form.label(), "-o", p(file));
                assertEquals(0, r.code(), r.err());
                assertTrue(r.err().contains(form.label() + " form"), r.err());
                assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                        Files.getPosixFilePermissions(dir.resolve(file)), "a private key file is the owner's only");
                String pem = Files.readString(dir.resolve(file), StandardCharsets.US_ASCII);
                PrivateKey key = KeyEncodings.decodePrivatePem(pem, REGISTRY);
                assertEquals(which.equals("kem") ? Algorithm.ML_KEM_1024 : Algorithm.ML_DSA_87, key.algorithm());
                byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
                assertEquals(Optional.of(form), KeyEncodings.privateKeyForm(der));
                byte[] seedForm = KeyEncodings.encodePkcs8(KeyEncodings.decodePkcs8(der, REGISTRY),
                        form == PrivateKeyForm.EXPANDED ? PrivateKeyForm.EXPANDED : PrivateKeyForm.SEED, REGISTRY);
                if (form == PrivateKeyForm.SEED) {
                    seedRaw = seedForm;
                } else if (form == PrivateKeyForm.BOTH) {
                    assertArrayEquals(seedRaw, seedForm, "both holds the same seed");
                }
            }
        }
        Cli.Result d = Cli.run("key", "export", "--id", p("alice.id"), "--key", "kem", "--der", "-o", p("kem.der"));
        assertEquals(0, d.code(), d.err());
        assertEquals(Optional.of(PrivateKeyForm.SEED), KeyEncodings.privateKeyForm(Files.readAllBytes(dir.resolve("kem.der"))));
    }

    @Test
    void refusals_areUsageErrors() {
        Cli.Result g = Cli.run("keygen", "--mode", "classical", "--name", "carol", "-o", p("carol.id"), "--unprotected");
        assertEquals(0, g.code(), g.err());
        Cli.Result badForm = Cli.run("key", "export", "--id", p("carol.id"), "--key", "kem", "--form", "compressed", "-o", p("x.pem"));
        assertEquals(ExitCodes.USAGE, badForm.code(), badForm.err());
        Cli.Result noChoice = Cli.run("key", "export", "--id", p("carol.id"), "--key", "signature", "--form", "both", "-o", p("y.pem"));
        assertEquals(ExitCodes.USAGE, noChoice.code(), noChoice.err());
        assertTrue(noChoice.err().contains("one PKCS#8 form"), noChoice.err());
        Cli.Result ok = Cli.run("key", "export", "--id", p("carol.id"), "--key", "signature", "-o", p("ed.pem"));
        assertEquals(0, ok.code(), ok.err());
    }
}
