package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Where a passphrase comes from: a file, an environment variable, or (by default) a prompt on the
 * terminal. Never from the command line, where other users could see it.
 */
final class PassphraseOptions {
    /** The environment variable read when no other source is given. */
    static final String DEFAULT_ENV = "QSAFE_PASSPHRASE";

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Read the passphrase from the first line of FILE.")
    Path file;

    @Option(names = "--passphrase-env", paramLabel = "VAR",
            description = "Read the passphrase from environment variable VAR (default: " + DEFAULT_ENV + " if set, else a prompt).")
    String env;

    /** The passphrase; {@code confirm} asks twice when prompting (for new files). */
    char[] read(boolean confirm) {
        if (file != null) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                return nonEmpty((nl >= 0 ? text.substring(0, nl) : text).replace("\r", "").toCharArray(), "--passphrase-file " + file);
            } catch (IOException e) {
                throw IoSupport.failure("--passphrase-file " + file, e);
            }
        }
        String var = env != null ? env : DEFAULT_ENV;
        String value = System.getenv(var);
        if (value != null) {
            return nonEmpty(value.toCharArray(), "environment variable " + var);
        }
        if (env != null) {
            throw new InvalidInputException("environment variable " + env + " is not set");
        }
        Console console = System.console();
        if (console == null) {
            throw new InvalidInputException("a passphrase is needed: no terminal to prompt on; use --passphrase-file FILE or "
                    + "--passphrase-env VAR (or set " + DEFAULT_ENV + ")");
        }
        char[] first = console.readPassword("Passphrase: ");
        if (first == null) {
            throw new InvalidInputException("no passphrase entered");
        }
        if (confirm) {
            char[] second = console.readPassword("Repeat passphrase: ");
            boolean same = second != null && equalConstantTime(first, second);
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new InvalidInputException("the passphrases do not match");
            }
        }
        return nonEmpty(first, "the prompt");
    }

    /** Whether two passphrases are equal, in a time that depends on their lengths only. */
    static boolean equalConstantTime(char[] a, char[] b) {
        int diff = a.length ^ b.length;
        for (int i = 0; i < a.length; i++) {
            diff |= a[i] ^ (b.length == 0 ? 0 : b[i % b.length]);
        }
        return diff == 0;
    }

    private static char[] nonEmpty(char[] p, String source) {
        if (p.length == 0) {
            throw new InvalidInputException("empty passphrase from " + source);
        }
        return p;
    }
}
