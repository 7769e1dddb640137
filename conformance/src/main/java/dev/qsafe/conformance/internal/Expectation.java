package dev.qsafe.conformance.internal;

import dev.qsafe.api.QSafeException;

/**
 * What a case must do: pass (give exactly the vector's outputs), be rejected with a qsafe exception of
 * a given type, or either of the two.
 *
 * @param mayPass   whether passing every check is right
 * @param mayReject whether a rejection is right
 * @param rejection the exception type a rejection must have
 */
record Expectation(boolean mayPass, boolean mayReject, Class<? extends QSafeException> rejection) {
    /** Must give exactly the vector's outputs. */
    static final Expectation VALID = new Expectation(true, false, QSafeException.class);

    /** Must be rejected with {@code type}. */
    static Expectation invalid(Class<? extends QSafeException> type) {
        return new Expectation(false, true, type);
    }

    /** May give the vector's outputs or be rejected with {@code type}. */
    static Expectation acceptable(Class<? extends QSafeException> type) {
        return new Expectation(true, true, type);
    }

    /** A Wycheproof {@code result}: {@code valid}, {@code invalid} or {@code acceptable}. */
    static Expectation wycheproof(String result, Class<? extends QSafeException> rejection) {
        return switch (result) {
            case "valid" -> VALID;
            case "invalid" -> invalid(rejection);
            case "acceptable" -> acceptable(rejection);
            default -> throw new MalformedVectorException("result must be valid, invalid or acceptable, got '" + result + "'");
        };
    }
}
