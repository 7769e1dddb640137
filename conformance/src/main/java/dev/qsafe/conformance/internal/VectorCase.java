package dev.qsafe.conformance.internal;

/**
 * One case of a vector file, parsed: its id, what it must do, and the check to run on an engine.
 *
 * @param id          where the case is, e.g. {@code tcId 17 (invalid, ModifiedTag)}
 * @param expectation what the check must do
 * @param skipReason  why the case cannot run on any engine, or {@code null} to run it
 * @param skipKind    what kind of reason {@code skipReason} is ({@link SkipKind#OTHER} for a case to run)
 * @param check       the check; it has all the case's data already decoded
 * @param <E>         the engine type
 */
record VectorCase<E>(String id, Expectation expectation, String skipReason, SkipKind skipKind, Check<E> check) {
    /** A case to run. */
    static <E> VectorCase<E> of(String id, Expectation expectation, Check<E> check) {
        return new VectorCase<>(id, expectation, null, SkipKind.OTHER, check);
    }

    /** A case that is skipped everywhere, with the reason and its kind. */
    static <E> VectorCase<E> skipped(String id, String reason, SkipKind kind) {
        return new VectorCase<>(id, Expectation.VALID, reason, kind, e -> {
        });
    }

    /** What a case checks on one engine: returns normally only if every output matched. */
    @FunctionalInterface
    interface Check<E> {
        /**
         * @throws Mismatch when an output differs from the vector
         * @throws dev.qsafe.api.QSafeException when the engine rejects the input
         */
        void run(E engine) throws Exception;
    }
}
