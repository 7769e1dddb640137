package dev.qsafe.session.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.runtime.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The setup structures built in one array sized up front (and the transcript hashed part by part) are
 * byte for byte what the earlier code built with growing writers and nested copies, kept here as the
 * reference; and the in-place readers check what the copying ones checked. Sizes cross every length
 * prefix boundary (1, 2 and 4 bytes). The frozen transcripts (tests: SessionTranscriptTest) pin the
 * responder's side; this pins the initiator's, whose output is randomized end to end.
 */
class SetupWireTest {
    private static final Random RANDOM = new Random(1215);
    private static final int[] SIZES = {0, 1, 63, 64, 1568, 4627, 16_383, 16_384, 70_000};

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    // ---- the earlier code, verbatim but for names ----

    private static byte[] oldHeader(Suite suite, byte[] fpB, int kind, long id, byte[] enc) {
        return new Wire.Writer(128 + suite.kem().ciphertextSize()).magic(Wire.TYPE_INIT).vec(suite.name()).raw(fpB)
                .u8(kind).u32(id).vec(enc).toByteArray();
    }

    private static byte[] oldInner(String name, byte[] kem, byte[] sigKey, byte[] ek, byte[] sig, byte[] payload) {
        Wire.Writer inner = new Wire.Writer(256 + ek.length + sig.length + payload.length);
        Wire.Writer idw = new Wire.Writer();
        idw.vec(name).vec(kem).vec(sigKey);
        inner.vec(idw.toByteArray()).vec(ek).vec(sig).vec(payload);
        return inner.toByteArray();
    }

    private static byte[] oldTranscriptHash(byte[] header, byte[] fpA, byte[] ek) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(header);
        md.update(fpA);
        md.update(new Wire.Writer(8 + ek.length).vec(ek).toByteArray());
        return md.digest();
    }

    @Test
    void firstMessageParts_areTheBytesOfTheEarlierWriters() throws Exception {
        for (Suite suite : Suite.builtIn()) {
            for (int n : SIZES) {
                byte[] fp = bytes(32);
                byte[] enc = bytes(n);
                byte[] header = Setup.firstHeader(suite.name().getBytes(StandardCharsets.UTF_8), fp, 2, 0xFEDCBA98L, enc);
                assertArrayEquals(oldHeader(suite, fp, 2, 0xFEDCBA98L, enc), header, suite.name() + " enc " + n);

                byte[] ek = bytes(suite.kem().publicKeySize());
                byte[] kem = bytes(suite.kem().publicKeySize());
                byte[] sigKey = bytes(suite.signature().publicKeySize());
                byte[] sig = bytes(Math.max(1, suite.signature().signatureSize()));
                byte[] payload = bytes(n);
                String name = "ålice-" + n;
                assertArrayEquals(oldInner(name, kem, sigKey, ek, sig, payload),
                        Setup.firstInner(name.getBytes(StandardCharsets.UTF_8), kem, sigKey, ek, sig, payload),
                        suite.name() + " payload " + n);

                byte[] fpA = bytes(32);
                assertArrayEquals(oldTranscriptHash(header, fpA, ek), Setup.transcriptHash(header, fpA, ek));
                assertArrayEquals(oldTranscriptHash(header, fpA, enc), Setup.transcriptHash(header, fpA, enc), "ek of " + n);
            }
        }
    }

    @Test
    void labelledInputs_areTheBytesOfTheEarlierWriters() {
        for (Suite suite : Suite.builtIn()) {
            byte[] fp = bytes(32);
            byte[] pk = bytes(suite.kem().publicKeySize());
            assertArrayEquals(new Wire.Writer(64 + pk.length).vec("qsafe/1 prekey").vec(suite.name()).raw(fp).u8(1).u32(7)
                    .u64(1_800_000_000L).vec(pk).toByteArray(), Setup.prekeyTbs(suite, fp, 1, 7, 1_800_000_000L, pk));
            assertArrayEquals(new Wire.Writer(96).vec("qsafe/1 init").vec(suite.name()).raw(fp).u8(2).u32(9).toByteArray(),
                    Setup.info(suite, fp, 2, 9));
        }
        byte[] th = bytes(32);
        byte[] sid = bytes(16);
        for (String label : new String[] {"qsafe/1 root", "qsafe/1 sid"}) {
            assertArrayEquals(new Wire.Writer(64).vec(label).raw(th).toByteArray(),
                    Setup.exportContext(label.getBytes(StandardCharsets.UTF_8), th));
        }
        assertArrayEquals(new Wire.Writer(64).vec("qsafe/1 init").raw(th).raw(sid).toByteArray(), Setup.signedInit(th, sid));
    }

    @Test
    void exactWriter_handsOutItsBuffer_andALaterWriteNeverReachesIt() {
        for (int n : SIZES) {
            byte[] x = bytes(n);
            assertEquals(new Wire.Writer().vec(x).size(), Wire.vecSize(n));
            byte[] prefix = Wire.vecPrefix(n);
            assertArrayEquals(java.util.Arrays.copyOf(new Wire.Writer().vec(x).toByteArray(), prefix.length), prefix);

            Wire.Writer w = new Wire.Writer(Wire.vecSize(n));
            byte[] out = w.vec(x).toByteArray();
            byte[] copy = out.clone();
            w.u8(0xFF).raw(bytes(5));
            assertArrayEquals(copy, out, "a write after toByteArray changed the array handed out");
            assertEquals(Wire.vecSize(n) + 6, w.toByteArray().length);
        }
        // too small or too large a guess gives the same bytes
        byte[] x = bytes(300);
        assertArrayEquals(new Wire.Writer(0).vec(x).u32(5).toByteArray(), new Wire.Writer(10_000).vec(x).u32(5).toByteArray());
    }

    @Test
    void vecReader_readsAndRefusesAsACopiedReader() {
        byte[] inner = new Wire.Writer().vec(new Wire.Writer().vec(bytes(3)).vec(bytes(70)).toByteArray()).u8(9).toByteArray();
        Wire.Reader copied = new Wire.Reader(new Wire.Reader(inner, "outer").vec(1000), "inner");
        Wire.Reader outer = new Wire.Reader(inner, "outer");
        Wire.Reader inPlace = outer.vecReader(1000, "inner");
        assertArrayEquals(copied.vec(10), inPlace.vec(10));
        assertArrayEquals(copied.vecExact(70, "key"), inPlace.vecExact(70, "key"));
        copied.end();
        inPlace.end();
        assertEquals(9, outer.u8());
        outer.end();

        // bound, truncation, trailing bytes: the same reason and message
        assertEquals(message(() -> new Wire.Reader(inner, "outer").vec(10)),
                message(() -> new Wire.Reader(inner, "outer").vecReader(10, "inner")));
        byte[] truncated = java.util.Arrays.copyOf(inner, 20);
        assertEquals(message(() -> new Wire.Reader(truncated, "outer").vec(1000)),
                message(() -> new Wire.Reader(truncated, "outer").vecReader(1000, "inner")));
        assertEquals(message(() -> new Wire.Reader(new Wire.Reader(inner, "outer").vec(1000), "inner").end()),
                message(() -> new Wire.Reader(inner, "outer").vecReader(1000, "inner").end()));
        Wire.Reader sub = new Wire.Reader(inner, "outer").vecReader(1000, "inner");
        sub.vec(10);
        sub.vec(100);
        assertThrows(SessionRefusedException.class, sub::u8, "a sub-reader reads past its end");
    }

    private static String message(Runnable r) {
        SessionRefusedException e = assertThrows(SessionRefusedException.class, r::run);
        assertEquals(SessionRefusedException.Reason.MALFORMED, e.reason());
        return e.getMessage();
    }
}
