package dev.qsafe.conformance;

import java.util.Objects;

/**
 * One vector case an engine failed.
 *
 * @param caseId  where the case is in its file, e.g. {@code tcId 17} or {@code tgId 2 tcId 26}
 * @param message what differed or went wrong, e.g. {@code K differs: expected 3776..b561, got 0a07..73fc}
 */
public record CaseFailure(String caseId, String message) {
    /** Checks both parts are present. */
    public CaseFailure {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(message, "message");
    }
}
