/**
 * qsafe's store-and-forward relay (docs/RELAY.md): a Jetty 12 HTTP server that keeps mailbox queues
 * and prekey bundles it cannot read, in SQLite or PostgreSQL; RFC 9421 signed fetches; a client.
 * The API is {@code dev.qsafe.relay}; {@code dev.qsafe.relay.internal} (handler, storage, limits,
 * metrics) stays unexported.
 */
module dev.qsafe.relay {
    requires java.net.http;
    requires java.sql;
    requires java.management; // Micrometer's JVM memory meters
    requires org.eclipse.jetty.server;
    requires org.xerial.sqlitejdbc;
    requires org.postgresql.jdbc; // LISTEN/NOTIFY through PGConnection
    requires flyway.core; // no Automatic-Module-Name in Flyway 13: the name is derived from the jar
    requires flyway.database.postgresql;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires tools.jackson.databind;

    exports dev.qsafe.relay;
    // dev.qsafe.relay.internal stays unexported
}
