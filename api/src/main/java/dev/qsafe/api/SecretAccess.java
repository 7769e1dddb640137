package dev.qsafe.api;

/**
 * A token that must be passed to read raw secret bytes ({@link PrivateKey#rawBytes(SecretAccess)},
 * {@link SecretBytes#rawBytes(SecretAccess)}). It exists so that every place that touches raw secret
 * material can be found by searching for {@code SecretAccess.INSECURE}; it is not a permission check.
 *
 * @since 0.1.0
 */
public final class SecretAccess {
    /** The one token. Searching the code for it finds every read of raw secret bytes. */
    public static final SecretAccess INSECURE = new SecretAccess();

    private SecretAccess() {
    }

    static void check(SecretAccess access) {
        if (access != INSECURE) {
            throw new IllegalArgumentException("raw secret access needs SecretAccess.INSECURE");
        }
    }
}
