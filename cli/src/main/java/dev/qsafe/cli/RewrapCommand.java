package dev.qsafe.cli;

import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.Rewrap;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code qsafe rewrap}: re-seal envelopes sealed to a classical key to a post-quantum identity, keeping the
 * original sender's proof (docs/FORMAT.md, "Re-wrapped envelopes"), over files and folders, with a report.
 */
@Command(name = "rewrap",
        mixinStandardHelpOptions = true,
        description = {"Re-wrap envelopes sealed to a classical key (harvest now, decrypt later): open each with ID (an active"
                + " or retired key), check it was signed by one of the --from identities, and seal the message again to the"
                + " post-quantum primary key of --to (default: ID), signed by that identity, keeping the original sender's"
                + " signature so that `qsafe open --rewrapped` checks it again.",
                "Envelopes already sealed with a post-quantum KEM are skipped. Folders are walked (symbolic links are not"
                        + " followed); a file that fails is reported and the rest are done. Plaintext is never written to"
                        + " disk: each new envelope is written to a temporary file next to its target and moved into place."
                        + " Originals are kept (the new envelope is FILE.rewrapped, or under --out) unless --replace."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe rewrap --id old.id --to new.id --from alice.id.pub --from carol.id.pub archive/ --out archive-pq/",
                "  qsafe rewrap --id old.id --to new.id --from alice.id.pub --replace --json letter.qsafe",
                "  qsafe open --rewrapped --id new.id --from alice.id.pub letter.qsafe -o letter.txt", "",
                "Exit code: 0 when every file was re-wrapped or skipped; otherwise that of the first file that failed",
                "(1 it does not open or its sender is not a --from identity, 2 not an envelope, 5 I/O); before any file,",
                "as for every command:", ExitCodes.HELP})
final class RewrapCommand implements Callable<Integer> {
    /** The name a re-wrapped file gets next to its original, without --out or --replace. */
    static final String SUFFIX = ".rewrapped";

    @ParentCommand
    QsafeCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--id", paramLabel = "ID", required = true,
            description = "The identity the envelopes were sealed to (its active and retired keys open them).")
    String id;

    @Option(names = "--to", paramLabel = "NEW",
            description = "The post-quantum (HYBRID or PQC) identity to re-seal to and sign with (default: ID).")
    String to;

    @Option(names = "--from", paramLabel = "PUB", required = true,
            description = "An original sender's public identity (repeat for several; each envelope is checked against them in turn).")
    List<String> from;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Envelopes, or folders of envelopes.")
    List<String> inputs;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the new envelopes under DIR (same relative names).")
    String out;

    @Option(names = "--replace", description = "Replace each original by its re-wrapped envelope (atomically).")
    boolean replace;

    @Option(names = "--json", description = "Write the report as JSON.")
    boolean json;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Option(names = "--to-passphrase-file", paramLabel = "FILE", description = "The passphrase of --to, from FILE's first line.")
    Path toPassphraseFile;

    @Option(names = "--to-passphrase-env", paramLabel = "VAR", description = "The passphrase of --to, from environment variable VAR.")
    String toPassphraseEnv;

    /** One file's outcome. */
    private record Entry(String file, String status, String output, String reason, int exitCode) {
    }

    @Override
    public Integer call() {
        if (replace && out != null) {
            throw new ParameterException(spec.commandLine(), "--replace and --out cannot be combined");
        }
        QSafe qsafe = CommandSupport.qsafe(root);
        List<PublicIdentity> senders = from.stream().map(f -> IdentityIo.readPublic(qsafe, f)).toList();
        List<Path[]> files = files(); // {file, output}
        Identity holder = IdentityIo.readIdentity(qsafe, id, passphrase);
        Identity resealer = holder;
        try {
            if (to != null) {
                PassphraseOptions toPassphrase = new PassphraseOptions();
                toPassphrase.file = toPassphraseFile;
                toPassphrase.env = toPassphraseEnv;
                resealer = IdentityIo.readIdentity(qsafe, to, toPassphrase);
            }
            if (!resealer.kem().algorithm().isPostQuantum()) {
                throw new InvalidInputException("rewrap seals to a post-quantum key, but the primary key of "
                        + (to != null ? to : id) + " is " + resealer.kem().algorithm() + " (" + resealer.suite().mode()
                        + "); give the HYBRID or PQC identity that replaces it with --to NEW.id");
            }
            return report(rewrapAll(qsafe, files, holder, senders, resealer));
        } finally {
            if (resealer != holder) {
                resealer.destroy();
            }
            holder.destroy();
        }
    }

    private List<Entry> rewrapAll(QSafe qsafe, List<Path[]> files, Identity holder, List<PublicIdentity> senders,
                                  Identity resealer) {
        Rewrap rewrap = Rewrap.of(qsafe);
        IoSupport.Rules rules = new IoSupport.Rules(replace, Stream.concat(Stream.of(id, to, passphrase.fileName(),
                toPassphraseFile == null ? null : toPassphraseFile.toString()), from.stream()).toList());
        Progress progress = Progress.forTerminal(spec.commandLine().getErr(), files.size());
        List<Entry> entries = new ArrayList<>();
        try {
            for (Path[] f : files) {
                String file = f[0].toString();
                String target = f[1].toString();
                progress.step(file);
                try {
                    if (!replace && Files.exists(f[1], LinkOption.NOFOLLOW_LINKS)) {
                        entries.add(new Entry(file, "skipped", null, target + " exists (re-wrapped before?)", 0));
                        continue;
                    }
                    Rewrap.Result result = rewrapOne(rewrap, f[0], target, rules, holder, senders, resealer);
                    entries.add(result == Rewrap.Result.REWRAPPED ? new Entry(file, "rewrapped", target, null, 0)
                            : new Entry(file, "skipped", null, "already post-quantum", 0));
                } catch (RuntimeException e) {
                    entries.add(new Entry(file, "failed", null, reason(e), Main.exitCode(e)));
                }
            }
        } finally {
            progress.done();
        }
        return entries;
    }

    /** Nothing to move into place: the envelope was already post-quantum (the staged file is removed). */
    private static final class AlreadyPostQuantum extends RuntimeException {
        AlreadyPostQuantum() {
            super(null, null, false, false);
        }
    }

    /** Re-wraps one file, trying each sender in turn (a wrong sender is a {@link DecryptionFailedException}). */
    private Rewrap.Result rewrapOne(Rewrap rewrap, Path file, String target, IoSupport.Rules rules, Identity holder,
                                    List<PublicIdentity> senders, Identity resealer) {
        for (int i = 0; ; i++) {
            PublicIdentity sender = senders.get(i);
            try {
                if (out != null) {
                    Path parent = Path.of(target).toAbsolutePath().getParent();
                    try {
                        Files.createDirectories(parent);
                    } catch (IOException e) {
                        throw IoSupport.failure(parent.toString(), e);
                    }
                }
                IoSupport.writeStreaming(target, false, rules, CommandSupport.stdout(), os -> {
                    try (InputStream in = IoSupport.openInput(file.toString(), null)) {
                        if (rewrap.rewrapStream(in, os, holder, sender, resealer) == Rewrap.Result.ALREADY_POST_QUANTUM) {
                            throw new AlreadyPostQuantum();
                        }
                    }
                });
                return Rewrap.Result.REWRAPPED;
            } catch (AlreadyPostQuantum e) {
                return Rewrap.Result.ALREADY_POST_QUANTUM;
            } catch (DecryptionFailedException e) {
                if (i + 1 == senders.size()) {
                    throw new DecryptionFailedException();
                }
            }
        }
    }

    private static String reason(RuntimeException e) {
        if (e instanceof DecryptionFailedException) {
            return "does not open with ID, or was not signed by a --from identity";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** The files to re-wrap, each with where its new envelope goes; folders walked in name order. */
    private List<Path[]> files() {
        List<Path[]> files = new ArrayList<>();
        Path outDir = out == null ? null : Path.of(out).toAbsolutePath().normalize();
        for (String input : inputs) {
            Path p = Path.of(input);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                            .filter(f -> !f.getFileName().toString().endsWith(".qsafe-tmp"))
                            .filter(f -> outDir == null || !f.toAbsolutePath().normalize().startsWith(outDir))
                            .sorted()
                            .forEach(f -> files.add(new Path[] {f, target(f, p.relativize(f))}));
                } catch (IOException | UncheckedIOException e) {
                    throw IoSupport.failure(input, e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
                }
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                files.add(new Path[] {p, target(p, p.getFileName())});
            } else {
                throw IoSupport.failure(input, Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                        ? "not a regular file or folder (symbolic links are not followed)" : "no such file or folder");
            }
        }
        return files;
    }

    private Path target(Path file, Path relative) {
        if (replace) {
            return file;
        }
        if (out != null) {
            return Path.of(out).resolve(relative.toString());
        }
        return file.resolveSibling(file.getFileName() + SUFFIX);
    }

    private int report(List<Entry> entries) {
        long rewrapped = entries.stream().filter(e -> e.status.equals("rewrapped")).count();
        long skipped = entries.stream().filter(e -> e.status.equals("skipped")).count();
        long failed = entries.stream().filter(e -> e.status.equals("failed")).count();
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode n = JsonMapper.builder().build().createObjectNode();
            n.put("rewrapped", rewrapped).put("skipped", skipped).put("failed", failed);
            ArrayNode list = n.putArray("files");
            for (Entry e : entries) {
                ObjectNode f = list.addObject().put("file", e.file).put("status", e.status);
                if (e.output != null) {
                    f.put("output", e.output);
                }
                if (e.reason != null) {
                    f.put("reason", e.reason);
                }
                if (e.status.equals("failed")) {
                    f.put("exitCode", e.exitCode);
                }
            }
            w.println(n.toPrettyString());
        } else {
            for (Entry e : entries) {
                w.println(String.format("%-10s %s%s", e.status, Text.escape(e.file),
                        e.output != null ? (replace ? " (replaced)" : " -> " + Text.escape(e.output))
                                : ": " + Text.escape(e.reason)));
            }
            w.println(entries.size() + " file" + (entries.size() == 1 ? "" : "s") + ": " + rewrapped + " rewrapped, "
                    + skipped + " skipped (already post-quantum or done), " + failed + " failed");
        }
        w.flush();
        return entries.stream().filter(e -> e.status.equals("failed")).map(Entry::exitCode).findFirst().orElse(ExitCodes.OK);
    }
}
