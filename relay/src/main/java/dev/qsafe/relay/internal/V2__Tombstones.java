package dev.qsafe.relay.internal;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration 2: the ids of messages their receiver deleted, kept until the message's own expiry, so a deposit
 * replayed after the delete is answered as a duplicate instead of being stored again (docs/RELAY.md,
 * "Storage schema" and "Faults"). The same SQL in both databases.
 */
final class V2__Tombstones extends BaseJavaMigration {

    private static final String[] SCHEMA = {
        """
        CREATE TABLE tombstones (
          recv_id TEXT NOT NULL,
          msg_id TEXT NOT NULL,
          expires_at BIGINT NOT NULL,
          PRIMARY KEY (recv_id, msg_id))""",
        "CREATE INDEX tombstones_expires_at ON tombstones (expires_at)",
    };

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement s = context.getConnection().createStatement()) {
            for (String sql : SCHEMA) {
                s.execute(sql);
            }
        }
    }
}
