package dev.qsafe.conformance.internal;

/**
 * Where the outcome of each case goes as cases run: the public report is built from these events, so
 * the implementation needs nothing of the public package.
 */
public interface Outcomes {
    /** The engine name under which cases that no engine could run are counted. */
    String NO_ENGINE = "(no engine)";

    /** A case of {@code algorithm} passed on {@code engine}. */
    void passed(String engine, String algorithm);

    /** A case of {@code algorithm} failed on {@code engine}; {@code message} says what differed. */
    void failed(String engine, String algorithm, String caseId, String message);

    /**
     * A case of {@code algorithm} failed on {@code engine} because the engine or the check threw
     * something other than a qsafe exception: a bug, of the engine or of the runner, whatever the
     * file says. Counted as a failure whose message starts with {@code "crashed: "}.
     */
    default void crashed(String engine, String algorithm, String caseId, Throwable thrown) {
        failed(engine, algorithm, caseId, "crashed: " + CaseRunner.describe(thrown));
    }

    /**
     * {@code count} cases of {@code algorithm} were skipped on {@code engine} (or {@link #NO_ENGINE}),
     * with the reason, which is of {@code kind}.
     */
    void skipped(String engine, String algorithm, String reason, SkipKind kind, int count);
}
