package dev.qsafe.tests.relay;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A fresh PostgreSQL database for one test run on the machine's server (127.0.0.1:5432, trust auth;
 * `.ci/run` starts it when it is down), dropped on close.
 */
final class PgDatabase implements AutoCloseable {
    static final String ADMIN = System.getProperty("qsafe.relay.pg.admin",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private final String name;

    PgDatabase(String prefix) throws SQLException {
        name = prefix + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    static Connection admin() throws SQLException {
        try {
            return DriverManager.getConnection(ADMIN);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is not reachable at " + ADMIN
                    + " (start it as .ci/run does: pg_ctlcluster --skip-systemctl-redirect <version> main start)", e);
        }
    }

    /** The JDBC URL of the database (the relay's storage URL). */
    String url() {
        return ADMIN.replace("/postgres?", "/" + name + "?");
    }

    /** {@code pg_database_size} in bytes. */
    long size() throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
