package dev.qsafe.conformance.internal;

/**
 * A file that matched a schema, parsed.
 *
 * @param format the schema, as reported (e.g. {@code Wycheproof mlkem_test_schema (ML-KEM)})
 * @param note   a remark for the report, or empty
 * @param plan   the cases, ready to run
 */
record Recognised(String format, String note, Plan plan) {
}
