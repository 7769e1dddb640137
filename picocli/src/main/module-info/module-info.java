/**
 * picocli, compiled from its published sources by the qsafe build (see this module's pom.xml): the module
 * descriptor of picocli's own binary jar (META-INF/versions/9/module-info.class), written as source.
 */
module info.picocli {
    requires static java.sql;

    exports picocli;
}
