package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code -o} writes (issue 13, item 5): a character device or FIFO is written to, never replaced
 * by a regular file; a symbolic link is refused; an existing file is replaced only with
 * {@code --force}, and never an identity or passphrase file the command reads; keygen's two outputs
 * are compared as real paths; public outputs get the umask's permissions and private ones owner-only;
 * a temporary file a killed qsafe left behind is removed by the next command writing into that folder.
 */
class CliFileHandlingTest {
    private static final String PASS = "the right passphrase, long enough";

    @TempDir
    static Path keys;

    @TempDir
    Path out;

    @BeforeAll
    static void fixtures() throws IOException {
        Files.writeString(keys.resolve("pass.txt"), PASS + "\n");
        Cli.Result r = Cli.run("keygen", "--mode", "classical", "--name", "alice", "-o", k("alice.id"), "--passphrase-file", k("pass.txt"));
        assertEquals(0, r.code(), r.err());
        Cli.cheapen(keys.resolve("alice.id"), PASS);
        Files.writeString(keys.resolve("msg.txt"), "the message\n");
    }

    private static String k(String name) {
        return keys.resolve(name).toString();
    }

    private static Cli.Result sign(String... extra) {
        return Cli.run(Cli.concat(new String[] {"sign", "--id", k("alice.id"), "--passphrase-file", k("pass.txt"), k("msg.txt")}, extra));
    }

    private static String fileType(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return switch (mode & 0170000) {
            case 0020000 -> "character device";
            case 0010000 -> "fifo";
            case 0120000 -> "symlink";
            case 0100000 -> "regular file";
            default -> Integer.toOctalString(mode);
        };
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void outputOntoAFifo_isWrittenThrough_andStaysAFifo() throws Exception {
        Path fifo = out.resolve("pipe.sig");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available here");
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Cli.Result r = sign("-o", fifo.toString());
        assertEquals(0, r.code(), r.err());
        byte[] read = reader.get(30, TimeUnit.SECONDS);
        assertTrue(read.length > 64, "the signature went through the FIFO: " + read.length + " bytes");
        assertEquals("fifo", fileType(fifo), "the FIFO was not replaced by a regular file");
        assertEquals(List.of("pipe.sig"), listing(), "no temporary file");
    }

    @Test
    void outputOntoACharacterDevice_isWrittenToAndNeverReplaced() throws Exception {
        Path device;
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // As root, the old behaviour would replace the node, so never point it at the system's /dev/null:
            // make a private null device (major 1, minor 3) to write to instead.
            device = out.resolve("null");
            Process mknod = new ProcessBuilder("mknod", device.toString(), "c", "1", "3").start();
            Assumptions.assumeTrue(mknod.waitFor(10, TimeUnit.SECONDS) && mknod.exitValue() == 0, "mknod is not available here");
        } else {
            device = Path.of("/dev/null"); // an unprivileged user cannot replace it, only fail to
        }
        Cli.Result r = sign("-o", device.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("character device", fileType(device));
    }

    @Test
    void outputOntoASymbolicLink_isRefused_andNeitherLinkNorTargetChanges() throws IOException {
        Path target = out.resolve("target.txt");
        Files.writeString(target, "was here");
        Path link = Files.createSymbolicLink(out.resolve("link.sig"), target.getFileName());
        for (String force : List.of("", "--force")) {
            Cli.Result r = force.isEmpty() ? sign("-o", link.toString()) : sign("-o", link.toString(), force);
            assertEquals(ExitCodes.IO, r.code(), r.err());
            assertTrue(r.err().contains("symbolic link"), r.err());
            assertEquals("symlink", fileType(link));
            assertEquals("was here", Files.readString(target));
        }
        assertEquals(List.of("link.sig", "target.txt"), listing());
    }

    @Test
    void existingOutput_isReplacedOnlyWithForce() throws IOException {
        Path existing = out.resolve("existing.sig");
        Files.writeString(existing, "keep me");
        Cli.Result r = sign("-o", existing.toString());
        assertEquals(ExitCodes.IO, r.code(), r.err());
        assertTrue(r.err().contains("exists") && r.err().contains("--force"), r.err());
        assertEquals("keep me", Files.readString(existing));

        Cli.Result forced = sign("-o", existing.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertFalse(Files.readString(existing, java.nio.charset.StandardCharsets.ISO_8859_1).equals("keep me"));
        assertEquals(List.of("existing.sig"), listing(), "no temporary file");
    }

    @Test
    void theIdentityOrPassphraseFileInUse_isNeverAnOutput_evenWithForce() throws IOException {
        byte[] identity = Files.readAllBytes(keys.resolve("alice.id"));
        byte[] passphrase = Files.readAllBytes(keys.resolve("pass.txt"));
        // the same files under other spellings of their names
        String sameIdentity = keys.resolve(".").resolve("alice.id").toString();
        for (String target : List.of(k("alice.id"), sameIdentity, k("pass.txt"))) {
            Cli.Result r = sign("-o", target, "--force");
            assertEquals(ExitCodes.IO, r.code(), target + ": " + r.err());
            assertTrue(r.err().contains("reads its keys from"), r.err());
        }
        Cli.Result seal = Cli.run("seal", "--to", k("alice.id.pub"), "--from", k("alice.id"), "--passphrase-file", k("pass.txt"),
                k("msg.txt"), "-o", k("alice.id.pub"), "--force");
        assertEquals(ExitCodes.IO, seal.code(), seal.err());
        assertArrayEquals(identity, Files.readAllBytes(keys.resolve("alice.id")));
        assertArrayEquals(passphrase, Files.readAllBytes(keys.resolve("pass.txt")));
    }

    @Test
    void keygen_privateAndPublicOutputsThatAreOneFile_areRefused() throws IOException {
        Path dir = out.resolve("cwd");
        Files.createDirectory(dir);
        // "./k.id" and "k.id" differ as strings and as absolute paths, but are one file.
        Cli.Result r = Cli.run("keygen", "--mode", "classical", "--unprotected", "-o", dir.resolve(".").resolve("k.id").toString(),
                "--public-out", dir.resolve("k.id").toString());
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("same file"), r.err());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "nothing written");
        }
        // through a linked folder
        Path linked = Files.createSymbolicLink(out.resolve("linked"), dir);
        Cli.Result viaLink = Cli.run("keygen", "--mode", "classical", "--unprotected", "-o", dir.resolve("k.id").toString(),
                "--public-out", linked.resolve("k.id").toString());
        assertEquals(ExitCodes.USAGE, viaLink.code(), viaLink.err());
    }

    @Test
    void keygen_publicOutputHonoursTheUmask_privateOutputIsOwnerOnly() throws Exception {
        Assumptions.assumeTrue(keys.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        for (String umask : List.of("077", "022")) {
            Path dir = out.resolve("umask" + umask);
            Files.createDirectory(dir);
            Subprocess.Result r = Subprocess.run(dir, umask, List.of(), "keygen", "--mode", "classical", "--unprotected", "-o", "k.id");
            assertEquals(0, r.code(), r.err());
            Set<PosixFilePermission> expectedPublic = PosixFilePermissions.fromString(umask.equals("077") ? "rw-------" : "rw-r--r--");
            assertEquals(expectedPublic, Files.getPosixFilePermissions(dir.resolve("k.id.pub")), "umask " + umask);
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(dir.resolve("k.id")), "umask " + umask);
        }
    }

    @Test
    void temporaryFileOfAKilledProcess_isRemovedByTheNextWriteIntoThatFolder() throws Exception {
        // What a qsafe process killed between writing and moving leaves: .NAME.PID-RANDOM.qsafe-tmp
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        long deadPid = gone.pid();
        Assumptions.assumeFalse(ProcessHandle.of(deadPid).isPresent(), "the pid was reused at once");
        Path stale = out.resolve(".msg.txt." + deadPid + "-0123456789abcdef.qsafe-tmp");
        Files.writeString(stale, "plaintext a killed open left behind");
        // A temporary file of a process that still runs (pid 1) is not touched, nor are other hidden files.
        Path live = out.resolve(".other." + 1 + "-0123456789abcdef.qsafe-tmp");
        Files.writeString(live, "in progress");
        Path unrelated = out.resolve(".unrelated.qsafe-tmp");
        Files.writeString(unrelated, "not ours");

        Cli.Result r = sign("-o", out.resolve("msg.sig").toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(stale), "the stale temporary file is removed");
        assertTrue(Files.exists(live) || !ProcessHandle.of(1).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(Files.exists(unrelated));
        assertTrue(Files.exists(out.resolve("msg.sig")));
    }
}
