/** The {@code qsafe} command line. */
module dev.qsafe.cli {
    requires dev.qsafe.runtime;
    requires dev.qsafe.adaptive; // recommend, bench, and the check of the configuration's adaptive section
    requires dev.qsafe.conformance;
    requires dev.qsafe.session; // qsafe session, and the session counters of qsafe status
    requires info.picocli;
    requires tools.jackson.databind;

    exports dev.qsafe.cli;
    opens dev.qsafe.cli to info.picocli;
}
