package dev.qsafe.cli;

import dev.qsafe.relay.RelayConfig;
import dev.qsafe.relay.RelayServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code qsafe relay}: runs a store-and-forward relay (docs/RELAY.md) until the process is stopped. */
@Command(name = "relay",
        mixinStandardHelpOptions = true,
        description = {"Run a store-and-forward relay: mailbox queues with separate random send and receive ids, "
                + "signed fetches (RFC 9421, Ed25519), long polling, prekey bundles with one-time prekeys handed out once, "
                + "/health, /metrics (Prometheus) and a status page at /status. It stores only bytes it cannot read.",
                "A deposit is acknowledged (202) only after the database commit is on disk. Runs until stopped (Ctrl-C)."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe relay                                                 127.0.0.1:8080, SQLite in ./qsafe-relay.db",
                "  qsafe relay --port 8443 --storage sqlite:/var/lib/qsafe/relay.db",
                "  qsafe relay --host 0.0.0.0 --storage 'jdbc:postgresql://127.0.0.1:5432/relay?user=relay'",
                "  curl http://127.0.0.1:8080/health                         readiness, with the database checked",
                "  curl http://127.0.0.1:8080/status.json                    queues, throughput, latency, errors (page: /status)",
                "",
                ExitCodes.HELP})
final class RelayCommand implements Runnable {

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--storage", paramLabel = "URL", defaultValue = "sqlite:qsafe-relay.db",
            description = "sqlite:PATH (embedded, the default: ${DEFAULT-VALUE}) or jdbc:postgresql://HOST:PORT/DB?user=U "
                    + "(several relays may share one PostgreSQL database).")
    String storage;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "The scheme://host[:port] clients use, when a proxy stands in front (signatures cover the full URL).")
    String publicUrl;

    @Option(names = "--max-message-bytes", paramLabel = "N", defaultValue = "65536",
            description = "Largest message accepted; larger deposits get 413 (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--deposit-rate", paramLabel = "N", defaultValue = "20",
            description = "Deposits per queue per second (token bucket of 5 x N; over it: 429) (default: ${DEFAULT-VALUE}).")
    double depositRate;

    @Option(names = "--request-rate", paramLabel = "N", defaultValue = "200",
            description = "Requests per client address per second (token bucket of 2 x N; over it: 429); "
                    + "raise it for a load test from one address (default: ${DEFAULT-VALUE}).")
    double requestRate;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535");
        }
        if (!(storage.startsWith("sqlite:") || storage.startsWith("jdbc:sqlite:") || storage.startsWith("jdbc:postgresql:"))) {
            throw new ParameterException(spec.commandLine(),
                    "--storage must be sqlite:PATH, jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB");
        }
        if (maxMessageBytes < 1 || maxMessageBytes > 16 * 1024 * 1024) {
            throw new ParameterException(spec.commandLine(), "--max-message-bytes must be 1..16777216");
        }
        if (!(depositRate > 0 && depositRate <= 1e9 && requestRate > 0 && requestRate <= 1e9)) {
            throw new ParameterException(spec.commandLine(), "--deposit-rate and --request-rate must be above 0 (at most 1e9)");
        }
        RelayConfig config = RelayConfig.builder().host(host).port(port).storage(storage).publicUrl(publicUrl)
                .maxMessageBytes(maxMessageBytes)
                .depositRate(depositRate, (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.ceil(5 * depositRate))))
                .requestRate(requestRate, (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.ceil(2 * requestRate))))
                .build();
        RelayServer relay;
        try {
            relay = RelayServer.start(config);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot start the relay: " + e.getMessage(), e));
        }
        Thread hook = new Thread(relay::close, "qsafe-relay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        out.println("qsafe relay listening on " + relay.uri() + " (storage: " + relay.storageKind() + ")");
        out.flush();
        try {
            relay.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            relay.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }
}
