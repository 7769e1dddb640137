package dev.qsafe.provider.pqc.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.CryptoProvider;
import java.util.Set;

/** The bc-pqc provider. Skeleton: its engines are being written. */
public final class BcPqcProvider implements CryptoProvider {
    /** Cheap: does no work. */
    public BcPqcProvider() {
    }

    @Override
    public String name() {
        return "bc-pqc";
    }

    @Override
    public String description() {
        return "bc-pqc (engines in progress)";
    }

    @Override
    public Availability availability() {
        return Availability.unavailable("engines not written yet");
    }

    @Override
    public Set<Algorithm> algorithms() {
        return Set.of();
    }

    @Override
    public int weight(Algorithm algorithm) {
        return 0;
    }
}
