package dev.qsafe.tests.hygiene;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.keys.Identity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code toString()} of every key, identity, engine, registry, configuration and HPKE object a
 * workload over every engine touches shows none of the secrets it created, in any encoding.
 */
class ToStringRedactionTest {
    private static SecretWorkload workload;

    @BeforeAll
    static void runWorkload() {
        workload = SecretWorkload.run();
    }

    @Test
    void everyTouchedObject_toString_containsNoSecret() {
        for (Object o : workload.touched()) {
            workload.secrets().assertNoneIn("toString() of a " + o.getClass().getName(), String.valueOf(o));
        }
    }

    @Test
    void workload_touchedEverySecretHoldingType_soTheScanIsNotVacuous() {
        for (Class<?> type : new Class<?>[] {PrivateKey.class, KeyPair.class, SecretBytes.class, Encapsulation.class,
                Identity.class, Hpke.Sender.class, Hpke.Recipient.class}) {
            assertTrue(workload.touched().stream().anyMatch(type::isInstance), "no " + type.getSimpleName() + " was touched");
        }
        assertTrue(workload.secrets().count() > 50, workload.secrets().toString());
    }

    @Test
    void secretHoldingObjects_toString_sayRedactedOrDestroyed() {
        for (Object o : workload.touched()) {
            if (o instanceof PrivateKey || o instanceof SecretBytes) {
                assertTrue(o.toString().contains("redacted"), o.toString());
            }
        }
    }
}
