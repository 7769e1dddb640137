package dev.qsafe.tests.relay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The relay suite on the embedded default: SQLite in a fresh temporary directory. */
class RelaySqliteTest extends RelayContract {
    private Path dir;

    @Override
    String storage() throws Exception {
        dir = Files.createTempDirectory("qsafe-relay-sqlite");
        return "sqlite:" + dir.resolve("relay.db");
    }

    @Override
    void dropStorage() throws Exception {
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
