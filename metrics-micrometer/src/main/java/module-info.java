/**
 * A Micrometer binding for qsafe's library metrics ({@code dev.qsafe.runtime.ops.QSafeMetrics}): one
 * {@link io.micrometer.core.instrument.binder.MeterBinder}, {@link dev.qsafe.micrometer.QSafeMeterBinder}.
 * docs/METRICS.md lists the meters.
 */
module dev.qsafe.micrometer {
    requires transitive dev.qsafe.runtime;
    requires transitive micrometer.core;

    exports dev.qsafe.micrometer;
}
