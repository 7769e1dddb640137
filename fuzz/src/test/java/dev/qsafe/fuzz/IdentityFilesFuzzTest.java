package dev.qsafe.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.keys.IdentityFileException;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.WrongPassphraseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Identity files, on hostile text: protected (opened with the seeds' passphrase), unprotected and
 * public. The seeds are real files of each mode's fixed identity; the protected ones use the cheapest
 * Argon2id cost, {@link Fixtures#CHEAP_COST}.
 *
 * <p>The Argon2id cost is the file's to choose, up to {@link IdentityFiles#MAX_MEMORY_KIB} KiB and
 * {@link IdentityFiles#MAX_ITERATIONS} passes: a deliberate, documented bound (IdentityFilesTest in
 * tests/ checks that more is refused), whose worst case (1 GiB, 16 passes) does not fit a fuzzing
 * iteration or the fuzzing heap. Protected files asking for more than {@link #MAX_FUZZ_MEMORY_KIB} KiB or
 * {@link #MAX_FUZZ_ITERATIONS} passes are therefore not opened here; everything else about them is
 * fuzzed by the other two targets, which share the parser. A file naming PBKDF2-HMAC-SHA512 (versions 3 and
 * 4; a seed at the fewest iterations a file may name) is opened up to {@link #MAX_FUZZ_PBKDF2_ITERATIONS}
 * iterations (a millisecond or two); the reader's own ceiling ({@link IdentityFiles#PBKDF2_MAX_ITERATIONS}) is
 * checked by PassphraseKdfTest in tests/.
 */
class IdentityFilesFuzzTest {
    /** Largest Argon2id memory this target lets a fuzzed file ask for. */
    static final int MAX_FUZZ_MEMORY_KIB = 1024;
    /** Most Argon2id passes this target lets a fuzzed file ask for. */
    static final int MAX_FUZZ_ITERATIONS = 2;
    /** Most PBKDF2 iterations this target lets a fuzzed file ask for. */
    static final int MAX_FUZZ_PBKDF2_ITERATIONS = 2 * IdentityFiles.PBKDF2_MIN_ITERATIONS;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @FuzzTest
    void read(byte[] file) {
        String json = new String(file, StandardCharsets.UTF_8);
        if (costBeyondFuzzingBudget(json)) {
            return;
        }
        Oracle.check(file.length, () -> IdentityFiles.read(json, Fixtures.PASSPHRASE.clone(), Fixtures.REGISTRY).destroy())
                .ifPresent(e -> documented(e, List.of(IdentityFileException.class, WrongPassphraseException.class,
                        UnsupportedAlgorithmException.class)));
    }

    @FuzzTest
    void readUnprotected(byte[] file) {
        String json = new String(file, StandardCharsets.UTF_8);
        Oracle.check(file.length, () -> IdentityFiles.readUnprotected(json, Fixtures.REGISTRY).destroy())
                .ifPresent(e -> documented(e, List.of(IdentityFileException.class, UnsupportedAlgorithmException.class)));
    }

    @FuzzTest
    void readPublic(byte[] file) {
        String json = new String(file, StandardCharsets.UTF_8);
        Oracle.check(file.length, () -> IdentityFiles.readPublic(json, Fixtures.REGISTRY))
                .ifPresent(e -> documented(e, List.of(IdentityFileException.class, UnsupportedAlgorithmException.class)));
    }

    /** Fails unless {@code e} is one of the exceptions the reader documents. */
    private static void documented(QSafeException e, List<Class<? extends QSafeException>> documented) {
        assertTrue(documented.stream().anyMatch(c -> c.isInstance(e)),
                () -> "IdentityFiles failed with " + e.getClass().getName() + ", which it does not document: " + e);
    }

    /** Whether the file asks for an Argon2id cost beyond this target's budget (see the class comment). */
    private static boolean costBeyondFuzzingBudget(String json) {
        JsonNode protection;
        try {
            protection = JSON.readTree(json).path("protection");
        } catch (JacksonException e) {
            return false; // not JSON: the reader rejects it before any derivation
        }
        if (protection.path("kdf").isString() && protection.path("kdf").asString().equals("PBKDF2-HMAC-SHA512")) {
            // only PBKDF2 derives for such a file (the reader refuses the KDF named against the version first)
            return protection.path("iterations").asLong(0) > MAX_FUZZ_PBKDF2_ITERATIONS;
        }
        return protection.path("memoryKiB").asLong(0) > MAX_FUZZ_MEMORY_KIB
                || protection.path("iterations").asLong(0) > MAX_FUZZ_ITERATIONS;
    }
}
