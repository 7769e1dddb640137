package dev.qsafe.tests.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.micrometer.QSafeMeterBinder;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.RuntimeSettings;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.ops.MetricsSnapshot.StreamStats;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streaming envelopes' metrics (docs/RUNTIME.md, "Metrics"): chunks and bytes sealed and opened, and
 * each kind of refusal counted under its reason, in the snapshot, its JSON and the Micrometer meters; the
 * caller sees the same {@code DecryptionFailedException} whatever the reason.
 */
class StreamMetricsTest {
    private static final int C = 256;
    /** Header bytes of a classical (X25519) envelope: 30 + 32. */
    private static final int HEADER = 30 + 32;

    private QSafe q;
    private Identity alice;
    private Identity bob;
    private Identity eve;

    @BeforeEach
    void parties() {
        Runtimes.assumeMode(CryptoMode.CLASSICAL);
        q = Runtimes.qsafe(RuntimeSettings.defaults());
        alice = q.generateIdentity("alice", CryptoMode.CLASSICAL);
        bob = q.generateIdentity("bob", CryptoMode.CLASSICAL);
        eve = q.generateIdentity("eve", CryptoMode.CLASSICAL);
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        if (q != null) {
            q.close();
        }
    }

    private byte[] seal(byte[] m, Identity from) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        q.sealStream(new ByteArrayInputStream(m), out, bob.publicIdentity(), from, C);
        return out.toByteArray();
    }

    private void refused(byte[] envelope) {
        assertThrows(DecryptionFailedException.class,
                () -> q.openStream(new ByteArrayInputStream(envelope), new ByteArrayOutputStream(), bob, alice.publicIdentity()));
    }

    private StreamStats stats() {
        return q.metrics().snapshot().streams();
    }

    @Test
    void sealAndOpen_countStreamsChunksAndBytes() throws IOException {
        byte[] m = new byte[10 * C + 3];
        new Random(1).nextBytes(m);
        byte[] env = seal(m, alice);
        long chunks = (env.length - HEADER + C + 15) / (C + 16);
        long plaintext = env.length - HEADER - 16 * chunks; // payload and trailer
        StreamStats s = stats();
        assertEquals(1, s.streamsSealed());
        assertEquals(chunks, s.chunksSealed());
        assertEquals(plaintext, s.bytesSealed());
        assertTrue(plaintext > m.length, "the trailer's bytes count too");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        q.openStream(new ByteArrayInputStream(env), out, bob, alice.publicIdentity());
        assertEquals(m.length, out.size());
        q.open(env, bob, alice.publicIdentity()); // a version 2 envelope opened in memory counts too
        s = stats();
        assertEquals(2, s.streamsOpened());
        assertEquals(2 * chunks, s.chunksOpened());
        assertEquals(2 * plaintext, s.bytesOpened());
        assertEquals(0, s.refusedTruncated() + s.refusedReordered() + s.refusedTampered() + s.refusedSignature());
    }

    @Test
    void eachRefusal_isCountedUnderItsReason() throws IOException {
        byte[] m = new byte[6 * C];
        new Random(2).nextBytes(m);
        byte[] env = seal(m, alice);
        int c = C + 16;

        refused(Arrays.copyOf(env, HEADER + 3 * c)); // cut at a chunk boundary
        refused(Arrays.copyOf(env, HEADER + 3 * c + 10)); // ends inside the next chunk's first 16 bytes
        assertEquals(2, stats().refusedTruncated());
        assertEquals(2 + 3, stats().chunksOpened(), "the chunks before each failure authenticated");

        byte[] swapped = env.clone();
        System.arraycopy(env, HEADER + 2 * c, swapped, HEADER + c, c);
        System.arraycopy(env, HEADER + c, swapped, HEADER + 2 * c, c);
        refused(swapped);
        byte[] dropped = new byte[env.length - c];
        System.arraycopy(env, 0, dropped, 0, HEADER + c);
        System.arraycopy(env, HEADER + 2 * c, dropped, HEADER + c, env.length - HEADER - 2 * c);
        refused(dropped);
        byte[] duplicated = new byte[env.length + c];
        System.arraycopy(env, 0, duplicated, 0, HEADER + c);
        System.arraycopy(env, HEADER, duplicated, HEADER + c, env.length - HEADER);
        refused(duplicated);
        assertEquals(3, stats().refusedReordered());

        byte[] flipped = env.clone();
        flipped[HEADER + 2 * c + 5] ^= 1;
        refused(flipped);
        refused(Arrays.copyOf(env, env.length + 1)); // appended
        byte[] key = env.clone();
        key[HEADER - 1] ^= 1; // the encapsulation: another key, nothing opens
        refused(key);
        assertEquals(3, stats().refusedTampered());

        refused(seal(m, eve)); // every chunk authentic, signed by someone else
        assertEquals(1, stats().refusedSignature());
        assertEquals(2, stats().refusedTruncated(), "unchanged by the others");
        assertEquals(0, stats().streamsOpened());
    }

    @Test
    void streamFigures_appearInTheJson_andAsMicrometerMeters() throws IOException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new QSafeMeterBinder(q.metrics(), Tags.empty(), Duration.ZERO).bindTo(registry);
        byte[] m = new byte[3 * C];
        byte[] env = seal(m, alice);
        q.openStream(new ByteArrayInputStream(env), new ByteArrayOutputStream(), bob, alice.publicIdentity());
        refused(Arrays.copyOf(env, HEADER + c()));
        StreamStats s = stats();
        assertEquals(1.0, registry.get("qsafe.stream.streams").tag("direction", "sealed").functionCounter().count());
        assertEquals(1.0, registry.get("qsafe.stream.streams").tag("direction", "opened").functionCounter().count());
        assertEquals((double) s.chunksSealed(), registry.get("qsafe.stream.chunks").tag("direction", "sealed").functionCounter().count());
        assertEquals((double) s.bytesOpened(), registry.get("qsafe.stream.bytes").tag("direction", "opened").functionCounter().count());
        assertEquals(1.0, registry.get("qsafe.stream.refusals").tag("reason", "truncated").functionCounter().count());
        assertEquals(0.0, registry.get("qsafe.stream.refusals").tag("reason", "tampered").functionCounter().count());
        String json = q.metrics().snapshot().toJson();
        assertTrue(json.contains("\"streams\"") && json.contains("\"chunksSealed\" : " + s.chunksSealed())
                && json.contains("\"truncated\" : 1"), json);
    }

    @Test
    void metricsOff_countNothing() throws IOException {
        try (QSafe off = Runtimes.qsafe(RuntimeSettings.defaults().withMetricsEnabled(false))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            off.sealStream(new ByteArrayInputStream(new byte[1000]), out, bob.publicIdentity(), alice, C);
            off.openStream(new ByteArrayInputStream(out.toByteArray()), new ByteArrayOutputStream(), bob, alice.publicIdentity());
            assertEquals(StreamStats.NONE, off.metrics().snapshot().streams());
        }
    }

    private static int c() {
        return C + 16;
    }
}
