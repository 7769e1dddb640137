package dev.qsafe.api.spi;

import dev.qsafe.api.Xof;

/** A provider's extendable-output function engine. */
public interface XofSpi extends Xof {
}
