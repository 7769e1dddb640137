package dev.qsafe.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the module version and the Java runtime. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = QsafeCommand.class.getModule().getDescriptor() != null
                ? QsafeCommand.class.getModule().getDescriptor().rawVersion().orElse("development build")
                : "development build";
        return new String[] {"qsafe " + v, "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
