package dev.qsafe.provider.classical.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.CryptoProvider;
import java.util.Set;

/** The jdk-classical provider. Skeleton: its engines are being written. */
public final class JdkClassicalProvider implements CryptoProvider {
    /** Cheap: does no work. */
    public JdkClassicalProvider() {
    }

    @Override
    public String name() {
        return "jdk-classical";
    }

    @Override
    public String description() {
        return "jdk-classical (engines in progress)";
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
