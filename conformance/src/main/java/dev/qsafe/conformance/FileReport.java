package dev.qsafe.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the runner made of one file.
 *
 * @param path    the file
 * @param status  whether it was recognised and well-formed
 * @param format  the recognised schema, e.g. {@code Wycheproof mlkem_encaps_test_schema (ML-KEM)}; empty
 *                if not recognised
 * @param note    for a file not recognised or malformed, why; otherwise a remark or empty
 * @param engines per engine, the outcome of the file's cases (empty unless recognised)
 */
public record FileReport(Path path, Status status, String format, String note, List<EngineReport> engines) {
    /** Whether the runner could use a file. */
    public enum Status {
        /** The file matched a known schema and its cases were run (or skipped, with reasons). */
        RECOGNISED,
        /** The file matched no known schema; it is listed, not run, and not a failure. */
        NOT_RECOGNISED,
        /** The file looked like a known schema but could not be read or parsed: a failure. */
        MALFORMED,
        /**
         * The file matched a known schema, but no case ran: it has none, or every case was skipped and
         * not only for documented absences (a misspelt parameter set, every engine of its algorithm
         * excluded, a prompt without its expected results). A failure, unless the run allows it
         * ({@link VectorRunner.Builder#allowEmpty}), when the file is {@link #RECOGNISED} with a note.
         */
        NOTHING_RAN
    }

    /** Copies the engine list and checks the parts are present. */
    public FileReport {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(note, "note");
        engines = List.copyOf(engines);
    }

    /**
     * What ran on the engine of provider {@code engine}, whether it computed the cases itself or handed
     * some to another backend (the rows {@code engine} and {@code "engine via backend"}), merged into
     * one report named {@code engine}; empty if the file ran nothing on it.
     */
    public Optional<EngineReport> engine(String engine) {
        List<EngineReport> rows = engines.stream()
                .filter(e -> e.engine().equals(engine) || e.engine().startsWith(engine + " via ")).toList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(Report.merge(engine, rows));
    }

    /** Cases passed, over all engines. */
    public int passed() {
        return engines.stream().mapToInt(EngineReport::passed).sum();
    }

    /** Cases failed, over all engines. */
    public int failed() {
        return engines.stream().mapToInt(EngineReport::failed).sum();
    }

    /** Cases skipped, over all engines. */
    public int skipped() {
        return engines.stream().mapToInt(EngineReport::skipped).sum();
    }

    /** Whether the file counts as a failure: malformed, nothing ran, or a case failed. */
    public boolean hasFailures() {
        return status == Status.MALFORMED || status == Status.NOTHING_RAN || failed() > 0;
    }
}
