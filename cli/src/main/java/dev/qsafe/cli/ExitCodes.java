package dev.qsafe.cli;

/**
 * The exit codes of the {@code qsafe} command (also listed in every command's {@code --help} and in
 * the README).
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A cryptographic operation failed (decryption, signature verification, a self-check of the demo). */
    public static final int CRYPTO_FAILURE = 1;
    /**
     * The command line is wrong (unknown option, missing argument, unknown mode), or an input is
     * malformed or too large for the JVM's heap.
     */
    public static final int USAGE = 2;
    /** An algorithm has no usable engine (missing or failed provider, excluded or pinned elsewhere). */
    public static final int UNSUPPORTED = 3;
    /** The configuration (system properties, configuration file) is invalid, or its policy refused the operation. */
    public static final int CONFIGURATION = 4;
    /** Reading or writing a file failed. */
    public static final int IO = 5;
    /**
     * An unexpected internal error: a bug, in qsafe or in a crypto library under it (an {@link Error}, an
     * unexpected runtime exception, an engine's "failed inside the underlying crypto library"); please
     * report it with {@code --verbose} output.
     */
    public static final int INTERNAL = 70;

    /** The text for {@code --help} footers. */
    static final String HELP = """
            Exit codes:
              0   success
              1   a cryptographic operation failed (wrong key or passphrase, modified data, bad signature)
              2   usage error or malformed input (unknown option or mode, missing argument, not an envelope,
                  a malformed key, an input too large for the JVM's heap)
              3   no usable engine for an algorithm (missing, failed, excluded or unpinned provider)
              4   invalid configuration, or the policy refused the algorithms
              5   file could not be read or written
              70  internal error (a bug: report it with --verbose output)""";

    private ExitCodes() {
    }
}
