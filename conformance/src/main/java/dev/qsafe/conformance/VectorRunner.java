package dev.qsafe.conformance;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.conformance.internal.FileRunner;
import dev.qsafe.conformance.internal.VectorFiles;
import dev.qsafe.runtime.registry.CryptoRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Runs published test vector files against every engine of a {@link CryptoRegistry}.
 *
 * <p>Files are recognised by their content, never by their name: each file under the given roots
 * (directories are walked recursively; {@code .json}, {@code .json.gz}, {@code .txt} and
 * {@code .txt.gz} files are read) is matched against the schemas of Project Wycheproof, NIST ACVP
 * (internal projections, or a {@code prompt} with its {@code expectedResults} beside it), RFC 9180 and
 * draft-ietf-hpke-pq HPKE, X-Wing, the CFRG concrete hybrid KEMs, composite ML-DSA, RFC 7748 X25519 and
 * the C2SP CCTV ML-KEM text files (docs/VECTORS.md lists them). Each case of a recognised file runs on
 * every engine that implements its algorithm; cases nothing can run are skipped with the reason.
 *
 * <p>Nothing a file contains makes the runner throw: a file matching no schema is reported as
 * {@linkplain FileReport.Status#NOT_RECOGNISED not recognised}, and one that cannot be read, exceeds
 * the size limits or breaks its schema as {@linkplain FileReport.Status#MALFORMED malformed}, which
 * counts as a failure. A runner is immutable and may be reused.
 *
 * {@snippet :
 * Report report = VectorRunner.newBuilder(CryptoRegistry.discover())
 *         .engine("bc-pqc")                    // optional: only this provider's engines
 *         .build()
 *         .run(List.of(Path.of("vectors")));
 * if (report.hasFailures()) {
 *     // report.files() says which file, engine and case, and what differed
 * }
 * }
 */
public final class VectorRunner {
    /** Largest file read by default, after decompression: 64 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L * 1024 * 1024;

    private final CryptoRegistry registry;
    private final String engine;
    private final Listener listener;
    private final long maxFileBytes;
    private final boolean allowEmpty;

    private VectorRunner(Builder b) {
        this.registry = b.registry;
        this.engine = b.engine;
        this.listener = b.listener;
        this.maxFileBytes = b.maxFileBytes;
        this.allowEmpty = b.allowEmpty;
    }

    /** Hears about progress, file by file (from the thread that calls {@link #run}). */
    public interface Listener {
        /** A file is about to run: the {@code index}-th (from 1) of {@code total}. */
        default void fileStarted(Path file, int index, int total) {
        }

        /** A file has run. */
        default void fileFinished(FileReport report) {
        }
    }

    /** A builder of a runner over the engines of {@code registry}. */
    public static Builder newBuilder(CryptoRegistry registry) {
        return new Builder(Objects.requireNonNull(registry, "registry"));
    }

    /** Runs every vector file under {@code roots} on every engine of {@code registry}. */
    public static Report run(List<Path> roots, CryptoRegistry registry, Listener listener) {
        return newBuilder(registry).listener(listener).build().run(roots);
    }

    /**
     * Runs every vector file under {@code roots} (files, or directories walked recursively, in name order).
     *
     * @throws InvalidInputException if no root is given or a root does not exist
     * @throws java.io.UncheckedIOException if a directory cannot be listed
     */
    public Report run(List<Path> roots) {
        Objects.requireNonNull(roots, "roots");
        if (roots.isEmpty()) {
            throw new InvalidInputException("no vector file or directory given");
        }
        List<Path> files = VectorFiles.list(roots);
        FileRunner runner = new FileRunner(registry, engine, maxFileBytes);
        List<FileReport> reports = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            listener.fileStarted(file, i + 1, files.size());
            OutcomeTally tally = new OutcomeTally();
            FileRunner.Result result = runner.run(file, tally);
            FileReport.Status status = status(result.kind());
            String note = result.note();
            String nothingRan = status == FileReport.Status.RECOGNISED && !result.countedElsewhere() ? tally.nothingRan() : null;
            if (nothingRan != null) {
                status = allowEmpty ? FileReport.Status.RECOGNISED : FileReport.Status.NOTHING_RAN;
                note = (note.isEmpty() ? "" : note + "; ") + nothingRan + (allowEmpty ? " (allowed)" : "");
            }
            FileReport report = new FileReport(file, status, result.format(), note, tally.reports());
            reports.add(report);
            listener.fileFinished(report);
        }
        return new Report(reports, allowEmpty);
    }

    private static FileReport.Status status(FileRunner.Kind kind) {
        return switch (kind) {
            case RECOGNISED -> FileReport.Status.RECOGNISED;
            case NOT_RECOGNISED -> FileReport.Status.NOT_RECOGNISED;
            case MALFORMED -> FileReport.Status.MALFORMED;
        };
    }

    /** Names the engine restriction, if any. */
    @Override
    public String toString() {
        return "VectorRunner[" + (engine == null ? "all engines" : "engine " + engine) + (allowEmpty ? ", empty runs allowed" : "") + "]";
    }

    /** Configures a {@link VectorRunner}; each option can be set once. */
    public static final class Builder {
        private final CryptoRegistry registry;
        private String engine;
        private Listener listener = new Listener() {
        };
        private boolean listenerSet;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private boolean maxFileBytesSet;
        private boolean allowEmpty;
        private boolean allowEmptySet;

        private Builder(CryptoRegistry registry) {
            this.registry = registry;
        }

        /**
         * Runs only the engines of this provider (for HPKE, the combinations that include it).
         *
         * @throws InvalidInputException if the registry has no active provider of that name, or an
         *                               engine was already chosen
         */
        public Builder engine(String provider) {
            Objects.requireNonNull(provider, "provider");
            if (engine != null) {
                throw new InvalidInputException("the engine is already set to '" + engine + "'");
            }
            boolean active = registry.algorithms().stream().anyMatch(a -> registry.providersOf(a).contains(provider));
            if (!active) {
                throw new InvalidInputException("no active provider named '" + provider + "'; providers: "
                        + registry.providers().stream().map(p -> p.name() + " [" + p.state().name().toLowerCase(Locale.ROOT) + "]").toList());
            }
            this.engine = provider;
            return this;
        }

        /** Reports progress to {@code listener}. @throws InvalidInputException if already set */
        public Builder listener(Listener listener) {
            Objects.requireNonNull(listener, "listener");
            if (listenerSet) {
                throw new InvalidInputException("the listener is already set");
            }
            this.listener = listener;
            this.listenerSet = true;
            return this;
        }

        /**
         * The largest file to read, after decompression (default 64 MiB, {@link VectorRunner#DEFAULT_MAX_FILE_BYTES});
         * larger files are reported as malformed.
         *
         * @throws InvalidInputException if not positive or already set
         */
        public Builder maxFileBytes(long bytes) {
            if (bytes <= 0) {
                throw new InvalidInputException("the file size limit must be positive, got " + bytes);
            }
            if (maxFileBytesSet) {
                throw new InvalidInputException("the file size limit is already set");
            }
            this.maxFileBytes = bytes;
            this.maxFileBytesSet = true;
            return this;
        }

        /**
         * Whether a run in which nothing ran passes: by default a run that executes no case at all (an
         * empty folder, every engine excluded) fails, and so does a recognised file none of whose cases
         * ran for a reason other than a documented absence ({@link FileReport.Status#NOTHING_RAN}).
         * With {@code true} both are reported but not failures ({@code qsafe vectors --allow-empty}).
         *
         * @throws InvalidInputException if already set
         */
        public Builder allowEmpty(boolean allow) {
            if (allowEmptySet) {
                throw new InvalidInputException("allowEmpty is already set");
            }
            this.allowEmpty = allow;
            this.allowEmptySet = true;
            return this;
        }

        /** The runner. */
        public VectorRunner build() {
            return new VectorRunner(this);
        }
    }
}
