package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFileException;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.suite.Suite;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Argon2id cost of protected identity files (issue 13, item 7): a hostile file asking for more
 * memory or work than the ceiling is refused before any derivation (it used to cost about 80 s and
 * 1.3 GB before "wrong passphrase"); writing below the floor logs a warning.
 */
class PassphraseCostTest {
    private static final char[] PASSPHRASE = "a passphrase for the cost tests".toCharArray();

    private static String hostile(int memoryKiB, int iterations) {
        Identity id = Identity.generate("cost", Suite.defaultFor(CryptoMode.CLASSICAL), KeyAlgorithms.REGISTRY);
        String json = IdentityFiles.write(id, PASSPHRASE, new PasswordKdfParameters(64, 1, 1), KeyAlgorithms.REGISTRY);
        id.destroy();
        ObjectNode root = (ObjectNode) JsonMapper.builder().build().readTree(json);
        ObjectNode protection = (ObjectNode) root.get("protection");
        protection.put("memoryKiB", memoryKiB);
        protection.put("iterations", iterations);
        return root.toPrettyString();
    }

    @Test
    void costAboveTheCeiling_isRefusedAtOnce_beforeAnyDerivation() {
        for (int[] cost : List.of(new int[] {1024 * 1024, 16}, new int[] {512 * 1024, 1}, new int[] {256 * 1024, 16},
                new int[] {128 * 1024, 9})) {
            String file = hostile(cost[0], cost[1]);
            long t0 = System.nanoTime();
            IdentityFileException e = assertThrows(IdentityFileException.class,
                    () -> IdentityFiles.read(file, PASSPHRASE, KeyAlgorithms.REGISTRY), cost[0] + " KiB x " + cost[1]);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 2_000, "refused in " + millis + " ms");
            assertTrue(e.field().startsWith("protection"), e.getMessage());
        }
        assertThrows(dev.qsafe.api.InvalidInputException.class, () -> IdentityFiles.write(
                Identity.generate("x", Suite.defaultFor(CryptoMode.CLASSICAL), KeyAlgorithms.REGISTRY), PASSPHRASE,
                new PasswordKdfParameters(256 * 1024, 8, 1), KeyAlgorithms.REGISTRY), "writing what reading would refuse");
    }

    @Test
    void costBelowTheFloor_isWrittenWithAWarning_theDefaultWithout() {
        Logger logger = Logger.getLogger(IdentityFiles.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            Identity id = Identity.generate("floor", Suite.defaultFor(CryptoMode.CLASSICAL), KeyAlgorithms.REGISTRY);
            PasswordKdfParameters cheap = new PasswordKdfParameters(777, 1, 1); // a cost no other test uses: warned once per cost
            IdentityFiles.write(id, PASSPHRASE, cheap, KeyAlgorithms.REGISTRY);
            IdentityFiles.write(id, PASSPHRASE, cheap, KeyAlgorithms.REGISTRY);
            List<LogRecord> warnings = records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
            assertEquals(1, warnings.size(), "one warning per cost: " + warnings.size());
            assertTrue(warnings.getFirst().getMessage().contains("below the floor"), warnings.getFirst().getMessage());
            records.clear();
            IdentityFiles.write(id, PASSPHRASE, IdentityFiles.MIN_COST, KeyAlgorithms.REGISTRY);
            assertEquals(List.of(), records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList());
            id.destroy();
        } finally {
            logger.removeHandler(capture);
        }
    }
}
