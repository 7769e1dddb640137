/**
 * Hybrid algorithms built from component engines obtained through the SPI (X-Wing, composite ML-DSA).
 * Its algorithms arrive with the envelope issue; until then it provides nothing, so discovery lists no
 * hybrid engine rather than a placeholder.
 */
module dev.qsafe.provider.hybrid {
    requires dev.qsafe.api;
}
