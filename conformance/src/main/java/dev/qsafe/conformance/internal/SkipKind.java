package dev.qsafe.conformance.internal;

/**
 * Why a case was skipped, in the sense that decides whether a run where nothing ran is a failure: a
 * file whose every case was skipped for a reason other than {@link #ABSENT}, {@link #NOT_SELECTED} or {@link #UNSERVED}
 * ran nothing it should have, which the runner reports as a failure unless told to allow it.
 */
public enum SkipKind {
    /**
     * An algorithm, mode, parameter set or interface that the published file contains and qsafe
     * deliberately does not implement, as listed in {@link Absent} and docs/VECTORS.md.
     */
    ABSENT,
    /** The case's algorithm has engines, but none of the provider the run was restricted to. */
    NOT_SELECTED,
    /**
     * The run was restricted to one provider, whose engine offers the algorithm but refused this call
     * with {@link dev.qsafe.api.UnsupportedCallException} (a deterministic signature, an expanded
     * private key: a gap of that engine documented in docs/PROVIDERS.md); in an unrestricted run
     * other engines serve these cases, and an engine refusing them there is {@link #OTHER}.
     */
    UNSERVED,
    /**
     * Anything else: a name qsafe does not know and does not list as absent (a misspelt parameter set),
     * a qsafe algorithm with no active engine (every provider excluded), a prompt without its expected
     * results, an engine that lacks an optional interface.
     */
    OTHER
}
