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
            byte[] bytes = null;
            try {
                if (Files.isDirectory(file)) {
                    throw IoSupport.failure("--passphrase-file " + file, "is a folder, not a file");
                }
                if (Files.size(file) > MAX_FILE_BYTES) {
                    throw new InvalidInputException("--passphrase-file " + file + " is larger than " + MAX_FILE_BYTES
                            + " bytes; it should hold the passphrase on its first line");
                }
                try (java.io.InputStream in = Files.newInputStream(file)) {
                    bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                }
                return nonEmpty(firstLine(bytes), "--passphrase-file " + file);
            } catch (IOException e) {
                throw IoSupport.failure("--passphrase-file " + file, e);
            } finally {
                if (bytes != null) {
                    Arrays.fill(bytes, (byte) 0);
                }
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

    /** The passphrase file as given on the command line (for the checks that never replace it), or null. */
    String fileName() {
        return file == null ? null : file.toString();
    }

    /** Largest passphrase file read. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    /**
     * The first line of UTF-8 {@code bytes} (without CR/LF) as characters, decoded without an
     * intermediate {@link String} so that every copy can be wiped; the caller wipes {@code bytes} and
     * the result.
     */
    static char[] firstLine(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != '\n') {
            end++;
        }
        while (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        java.nio.CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, 0, end));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException("the passphrase file is not UTF-8 text");
        }
        char[] out = new char[chars.remaining()];
        chars.get(out);
        Arrays.fill(chars.array(), '\0');
        return out;
    }

    /** The rule {@link #weakness} applies, for messages and docs. */
    static final String RULE = "A strong passphrase has at least 16 characters, or at least 12 with three of: lower case,"
            + " upper case, digits, other characters.";

    /**
     * Why {@code p} is weak, if it is: fewer than 12 characters, or fewer than 16 with fewer than
     * three character classes (lower case, upper case, digits, other), or one character repeated.
     * A simple, documented rule ({@link #RULE}), not an estimate of entropy: it catches short and
     * uniform passphrases, not dictionary phrases.
     */
    static java.util.Optional<String> weakness(char[] p) {
        int n = Character.codePointCount(p, 0, p.length);
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        boolean allSame = true;
        for (int i = 0; i < p.length; i++) {
            char c = p[i];
            lower |= Character.isLowerCase(c);
            upper |= Character.isUpperCase(c);
            digit |= Character.isDigit(c);
            other |= !Character.isLetterOrDigit(c);
            allSame &= c == p[0];
        }
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
        if (n < 12) {
            return java.util.Optional.of("only " + n + " characters");
        }
        if (allSame) {
            return java.util.Optional.of("one character repeated");
        }
        if (n < 16 && classes < 3) {
            return java.util.Optional.of(n + " characters of only " + classes + " kind" + (classes == 1 ? "" : "s"));
        }
        return java.util.Optional.empty();
    }

    private static char[] nonEmpty(char[] p, String source) {
        if (p.length == 0) {
            throw new InvalidInputException("empty passphrase from " + source);
        }
        return p;
    }
}
