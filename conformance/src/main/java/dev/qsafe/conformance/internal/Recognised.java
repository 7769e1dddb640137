package dev.qsafe.conformance.internal;

/**
 * A file that matched a schema, parsed.
 *
 * @param format the schema, as reported (e.g. {@code Wycheproof mlkem_test_schema (ML-KEM)})
 * @param note   a remark for the report, or empty
 * @param plan   the cases, ready to run
 * @param countedElsewhere whether the file's cases are run and counted with another file (ACVP expected
 *                         results, with their prompt), so that it has none of its own by design
 */
record Recognised(String format, String note, Plan plan, boolean countedElsewhere) {
    /** A file whose cases are its own. */
    Recognised(String format, String note, Plan plan) {
        this(format, note, plan, false);
    }
}
