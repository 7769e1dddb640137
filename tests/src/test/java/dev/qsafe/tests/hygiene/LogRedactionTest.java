package dev.qsafe.tests.hygiene;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * What qsafe logs through {@link System.Logger} (backed by java.util.logging here) at every level,
 * during discovery and a workload over every engine with failures, contains none of its secrets.
 */
class LogRedactionTest {
    /** Keeps every record it is given. */
    private static final class Capture extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void logOutputAtAllLevels_duringDiscoveryAndTheWorkload_containsNoSecret() {
        Logger root = Logger.getLogger("");
        Level previous = root.getLevel();
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        SecretWorkload workload;
        try {
            workload = SecretWorkload.run();
        } finally {
            root.setLevel(previous);
            root.removeHandler(capture);
        }
        assertTrue(capture.records.stream().anyMatch(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("dev.qsafe")),
                "qsafe logged nothing at level ALL, so the capture is not working: " + capture.records.size() + " records");
        SimpleFormatter formatter = new SimpleFormatter();
        for (LogRecord r : capture.records) {
            workload.secrets().assertNoneIn("a log record of " + r.getLoggerName(), formatter.format(r));
        }
    }
}
