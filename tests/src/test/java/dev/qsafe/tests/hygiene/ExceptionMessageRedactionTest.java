package dev.qsafe.tests.hygiene;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.QSafeException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exceptions of failing operations (wrong key, modified data, wrong passphrase, malformed or
 * destroyed keys, on every engine) carry none of the secrets involved: not in the message, not in a
 * cause or suppressed exception, not anywhere in the printed stack trace.
 */
class ExceptionMessageRedactionTest {
    private static SecretWorkload workload;

    @BeforeAll
    static void runWorkload() {
        workload = SecretWorkload.run();
    }

    @Test
    void everyFailure_messageCausesAndStackTrace_containNoSecret() {
        for (Throwable e : workload.failures()) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            workload.secrets().assertNoneIn("the stack trace of " + e, trace.toString());
        }
        assertTrue(workload.failures().size() > 50, "only " + workload.failures().size() + " failures were provoked");
    }

    @Test
    void everyFailure_isATypedQsafeException() {
        for (Throwable e : workload.failures()) {
            assertTrue(e instanceof QSafeException, "untyped: " + e);
        }
    }
}
