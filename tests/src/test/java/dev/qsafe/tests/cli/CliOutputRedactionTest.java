package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Suite;
import dev.qsafe.tests.hygiene.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Nothing the {@code qsafe} command prints, and no file it writes except an identity file written
 * with {@code --unprotected}, shows a private key (raw or PKCS#8, in hex or base64) or a passphrase:
 * keygen, seal, open, sign, verify and inspect in every mode, to files and to standard output, their
 * failures with and without {@code --verbose}, {@code providers --json}, {@code demo --json} and
 * {@code status} (table and {@code --json --probe}).
 */
class CliOutputRedactionTest {
    private static final String PASSPHRASE = "a passphrase nobody should ever see printed";
    private static final String WRONG_PASSPHRASE = "a wrong passphrase nobody should see either";
    /** A run of 40 or more base64 or hex characters: what printed key material would look like. */
    private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z0-9+/_=-]{40,}");

    @TempDir
    Path dir;

    private final CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
    private final Secrets secrets = new Secrets();
    private final List<Cli.Result> runs = new ArrayList<>();

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    private Cli.Result run(String... args) {
        Cli.Result r = Cli.run(args);
        runs.add(r);
        return r;
    }

    private Cli.Result runOk(String... args) {
        Cli.Result r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
        return r;
    }

    private Cli.Result runFailing(String... args) {
        Cli.Result quiet = run(args);
        assertTrue(quiet.code() != 0, String.join(" ", args));
        String[] verbose = new String[args.length + 1];
        verbose[0] = "--verbose";
        System.arraycopy(args, 0, verbose, 1, args.length);
        Cli.Result loud = run(verbose);
        assertEquals(quiet.code(), loud.code());
        return loud;
    }

    @Test
    void everyCommandInEveryMode_outputsAndWrittenFiles_containNoPrivateKeyOrPassphrase() throws IOException {
        secrets.addText("the passphrase", PASSPHRASE);
        secrets.addText("the wrong passphrase", WRONG_PASSPHRASE);
        Files.writeString(dir.resolve("pass.txt"), PASSPHRASE + "\n");
        Files.writeString(dir.resolve("wrong.txt"), WRONG_PASSPHRASE + "\n");
        Files.writeString(dir.resolve("msg.txt"), "a message for the hygiene test");
        String[] pass = {"--passphrase-file", p("pass.txt")};
        List<String> notWrittenByQsafe = new ArrayList<>(List.of(p("pass.txt"), p("wrong.txt"), p("msg.txt")));
        String unprotected = null;
        int modes = 0;
        for (CryptoMode mode : CryptoMode.values()) {
            if (!hasEngines(mode)) {
                continue;
            }
            modes++;
            String m = mode.name().toLowerCase(Locale.ROOT);
            String alice = p("alice-" + m + ".id");
            String bob = p("bob-" + m + ".id");
            runOk(Cli.concat(new String[] {"keygen", "--mode", m, "--name", "alice", "-o", alice}, pass));
            runOk("keygen", "--mode", m, "--name", "bob", "-o", bob, "--unprotected");
            notWrittenByQsafe.add(bob); // --unprotected: holds the private keys by design
            unprotected = bob;
            secrets.add(IdentityFiles.read(Files.readString(Path.of(alice)), PASSPHRASE.toCharArray(), registry));
            Cli.cheapen(Path.of(alice), PASSPHRASE);
            secrets.add(IdentityFiles.readUnprotected(Files.readString(Path.of(bob)), registry));

            String envelope = p("msg-" + m + ".qsafe");
            runOk(Cli.concat(new String[] {"seal", "--to", bob + ".pub", "--from", alice, p("msg.txt"), "-o", envelope}, pass));
            runOk(Cli.concat(new String[] {"seal", "--to", bob + ".pub", "--from", alice, "--armor", p("msg.txt")}, pass));
            runOk("open", "--id", bob, "--from", alice + ".pub", envelope);
            runOk("open", "--id", bob, "--from", alice + ".pub", envelope, "-o", p("opened-" + m + ".txt"));
            runOk(Cli.concat(new String[] {"sign", "--id", alice, p("msg.txt"), "-o", p("msg-" + m + ".sig")}, pass));
            runOk(Cli.concat(new String[] {"sign", "--id", alice, "--armor", p("msg.txt")}, pass));
            runOk("verify", "--from", alice + ".pub", "--signature", p("msg-" + m + ".sig"), p("msg.txt"));
            runOk("inspect", envelope);
            runOk("inspect", "--json", envelope);

            runFailing("open", "--id", alice, "--from", bob + ".pub", "--passphrase-file", p("wrong.txt"), envelope);
            runFailing("open", "--id", bob, "--from", bob + ".pub", envelope);
            runFailing(Cli.concat(new String[] {"open", "--id", alice, "--from", alice + ".pub", envelope}, pass));
            byte[] modified = Files.readAllBytes(Path.of(envelope));
            modified[modified.length - 3] ^= 4;
            Files.write(dir.resolve("modified-" + m + ".qsafe"), modified);
            notWrittenByQsafe.add(p("modified-" + m + ".qsafe"));
            runFailing("open", "--id", bob, "--from", alice + ".pub", p("modified-" + m + ".qsafe"));
            runFailing("open", "--id", bob + ".pub", "--from", alice + ".pub", envelope);
            runFailing("seal", "--to", bob, "--from", bob, p("msg.txt"));
            runFailing("verify", "--from", bob + ".pub", "--signature", p("msg-" + m + ".sig"), p("msg.txt"));
            runFailing("sign", "--id", bob, "--passphrase-file", p("no-such-file"), p("no-such-message"));
        }
        assertTrue(modes > 0, "no mode has engines here");
        runOk("status");
        runOk("status", "--json", "--probe");
        String unprotectedFile = unprotected;

        assertThrows(AssertionFailedError.class, () -> secrets.assertNoneIn("control", Files.readAllBytes(Path.of(unprotectedFile))),
                "control: the scan finds the keys in an --unprotected identity file, where they are by design");
        for (Cli.Result r : runs) {
            secrets.assertNoneIn("the output of a qsafe run (exit " + r.code() + ")", r.everything());
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!notWrittenByQsafe.contains(f.toString())) {
                    secrets.assertNoneIn("the file " + f.getFileName() + " written by qsafe", Files.readAllBytes(f));
                }
            }
        }
    }

    @Test
    void providersAndDemoJson_containNothingThatLooksLikeKeyMaterial() {
        for (String[] args : List.of(new String[] {"providers", "--json"}, new String[] {"providers"},
                new String[] {"demo", "--json", "--warmup-ms", "0", "--measure-ms", "1"},
                new String[] {"demo", "--warmup-ms", "0", "--measure-ms", "1"})) {
            Cli.Result r = runOk(args);
            Matcher m = KEY_LIKE.matcher(r.everything());
            while (m.find()) {
                // Table rules are long runs too; key material mixes letters and digits.
                if (m.group().chars().anyMatch(Character::isDigit) && m.group().chars().anyMatch(Character::isLetter)) {
                    fail(String.join(" ", args) + " prints '" + m.group() + "'");
                }
            }
        }
    }

    private boolean hasEngines(CryptoMode mode) {
        return Suite.defaultFor(mode).algorithms().stream().allMatch(a -> registry.selection(a).selected().isPresent());
    }
}
