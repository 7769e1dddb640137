package dev.qsafe.tests.hygiene;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.runtime.Batch;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.ops.MetricsSnapshot;
import dev.qsafe.runtime.ops.QSafeMetrics;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The metrics and status of a facade that has cached private keys (own identities) and KEM shared
 * secrets (the HPKE secret cache, on here) show none of them: {@link MetricsSnapshot#toJson()}, the
 * snapshot's {@code toString()}, batch results and settings, in hex or base64. The shared secrets are
 * recomputed by the test from each envelope's encapsulation, so they are exactly what the cache holds.
 */
class MetricsRedactionTest {
    private static final byte[] MESSAGE = "metrics hygiene".getBytes(StandardCharsets.US_ASCII);

    @Test
    void metricsJsonAndSnapshot_containNoPrivateKeyOrSharedSecret() {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        RuntimeSettings settings = RuntimeSettings.defaults().withHpkeSecrets(true, Duration.ofMinutes(1));
        Secrets secrets = new Secrets();
        List<Object> printed = new ArrayList<>();
        int modes = 0;
        try (QSafe q = QSafe.newBuilder().registry(registry).config(QSafeConfig.newBuilder().runtime(settings).build()).build()) {
            for (CryptoMode mode : CryptoMode.values()) {
                if (!q.config().suite(mode).algorithms().stream().allMatch(a -> registry.selection(a).selected().isPresent())) {
                    continue;
                }
                modes++;
                Identity alice = q.generateIdentity("alice", mode);
                Identity bob = q.generateIdentity("bob", mode);
                secrets.add(alice);
                secrets.add(bob);
                for (int i = 0; i < 3; i++) {
                    byte[] envelope = q.seal(MESSAGE, bob.publicIdentity(), alice);
                    q.open(envelope, bob, alice.publicIdentity());
                    q.open(envelope, bob, alice.publicIdentity()); // from the secret cache
                    EnvelopeHeader h = q.inspect(envelope);
                    byte[] enc = Arrays.copyOfRange(envelope, 4 + 1 + 6 + 16 + 2, 4 + 1 + 6 + 16 + 2 + h.encLength());
                    SecretBytes shared = registry.kem(h.kem()).decapsulate(bob.kem().privateKey(), enc);
                    secrets.add(mode + " envelope shared secret " + i, shared);
                }
                byte[] sig = q.sign(MESSAGE, alice);
                q.verify(MESSAGE, sig, alice.publicIdentity());
                List<Batch.Result> results = q.batch().sign(MESSAGE, alice).seal(MESSAGE, bob.publicIdentity(), alice)
                        .verify(MESSAGE, sig, bob.publicIdentity()).submit();
                printed.addAll(results);
                printed.add(q.metrics().recentLatencies(mode, QSafeMetrics.Operation.OPEN));
            }
            assertTrue(modes > 0, "no mode has engines here");
            MetricsSnapshot snapshot = q.metrics().snapshot();
            assertTrue(snapshot.caches().get("hpkeSecrets").hits() > 0, "the secret cache was used: " + snapshot.caches());
            assertTrue(snapshot.caches().get("identities").entries() > 0);
            printed.add(snapshot);
            printed.add(q.config());
            printed.add(q.config().runtime());
            secrets.assertNoneIn("metrics JSON", snapshot.toJson());
            for (Object o : printed) {
                secrets.assertNoneIn("toString() of a " + o.getClass().getName(), String.valueOf(o));
            }
            String json = snapshot.toJson();
            assertThrows(AssertionFailedError.class, () -> secrets.assertNoneIn("control", json
                    + HexFormat.of().formatHex(q.cachedIdentity("alice", q.config().suite(CryptoMode.values()[0]))
                    .or(() -> q.cachedIdentity("alice", q.config().suite(CryptoMode.HYBRID))).orElseThrow()
                    .kem().privateKey().rawBytes(dev.qsafe.api.SecretAccess.INSECURE))),
                    "control: the scan finds a cached private key when it is there");
        }
    }
}
