package dev.qsafe.provider.classical.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.CryptoProvider;
import java.util.Set;

/** The bc-classical provider. Skeleton: its engines are being written. */
public final class BcClassicalProvider implements CryptoProvider {
    /** Cheap: does no work. */
    public BcClassicalProvider() {
    }

    @Override
    public String name() {
        return "bc-classical";
    }

    @Override
    public String description() {
        return "bc-classical (engines in progress)";
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
