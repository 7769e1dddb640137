package dev.qsafe.conformance.internal;

/**
 * A check cannot run on this particular engine (it lacks an optional interface, or refuses an input
 * its contract allows it to refuse): the case is skipped there, with the reason. Not a
 * {@link dev.qsafe.api.QSafeException}, so it never passes for a rejection.
 */
final class Skip extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skip(String reason) {
        super(reason, null, false, false);
    }
}
