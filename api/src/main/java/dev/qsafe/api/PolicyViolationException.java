package dev.qsafe.api;

/**
 * An operation was refused by the configured policy: an algorithm or suite that is not allowed, or
 * below the minimum NIST security category. The message names the suite or algorithm and the rule.
 *
 * @since 0.1.0
 */
public class PolicyViolationException extends QSafeException {
    private static final long serialVersionUID = 1L;

    /** @param message the suite or algorithm and the rule that refused it */
    public PolicyViolationException(String message) {
        super(message);
    }
}
