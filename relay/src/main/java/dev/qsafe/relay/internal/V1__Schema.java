package dev.qsafe.relay.internal;

import java.sql.Statement;
import java.util.Locale;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration 1 (Flyway takes version 1 from the class name): the relay's tables (docs/RELAY.md,
 * "Storage schema"), the same in both databases but for the binary type.
 */
final class V1__Schema extends BaseJavaMigration {

    private static final String SCHEMA = """
            CREATE TABLE queues (
              recv_id TEXT PRIMARY KEY,
              send_id TEXT NOT NULL UNIQUE,
              recv_key BIN NOT NULL,
              last_seq BIGINT NOT NULL,
              created_at BIGINT NOT NULL,
              last_active BIGINT NOT NULL);
            CREATE INDEX queues_last_active ON queues (last_active);
            CREATE TABLE messages (
              recv_id TEXT NOT NULL,
              seq BIGINT NOT NULL,
              msg_id TEXT NOT NULL,
              size INTEGER NOT NULL,
              expires_at BIGINT NOT NULL,
              body BIN NOT NULL,
              PRIMARY KEY (recv_id, seq),
              UNIQUE (recv_id, msg_id));
            CREATE INDEX messages_expires_at ON messages (expires_at);
            CREATE TABLE bundles (
              bundle_id TEXT PRIMARY KEY,
              owner_key BIN NOT NULL,
              bundle BIN NOT NULL,
              updated_at BIGINT NOT NULL);
            CREATE TABLE one_time_prekeys (
              bundle_id TEXT NOT NULL,
              n BIGINT NOT NULL,
              prekey BIN NOT NULL,
              PRIMARY KEY (bundle_id, n));
            CREATE TABLE nonces (
              keyid TEXT NOT NULL,
              nonce TEXT NOT NULL,
              expires_at BIGINT NOT NULL,
              PRIMARY KEY (keyid, nonce));
            CREATE INDEX nonces_expires_at ON nonces (expires_at)
            """;

    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        String bin = product.contains("postgres") ? "BYTEA" : "BLOB";
        try (Statement s = context.getConnection().createStatement()) {
            for (String sql : SCHEMA.replace("BIN", bin).split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql.strip());
                }
            }
        }
    }
}
