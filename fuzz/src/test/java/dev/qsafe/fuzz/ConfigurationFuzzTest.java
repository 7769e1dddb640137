package dev.qsafe.fuzz;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qsafe.adaptive.AdaptiveConfig;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.runtime.config.QSafeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration loader, {@code QSafeConfig.load}, and the reader of its {@code "adaptive"} section,
 * {@code AdaptiveConfig.from}, on a file with hostile contents: they fail only with the
 * {@link ConfigurationException} they document.
 */
class ConfigurationFuzzTest {
    private static final Path FILE = temporaryFile();

    @FuzzTest
    void load(byte[] contents) {
        try {
            Files.write(FILE, contents);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fuzzed configuration file " + FILE, e);
        }
        Oracle.check(contents.length, () -> AdaptiveConfig.from(QSafeConfig.load(FILE))).ifPresent(e -> assertInstanceOf(
                ConfigurationException.class, e,
                "QSafeConfig.load or AdaptiveConfig.from failed otherwise than with the ConfigurationException they document"));
    }

    private static Path temporaryFile() {
        try {
            Path file = Files.createTempFile("qsafe-fuzz-config", ".json");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary configuration file", e);
        }
    }
}
