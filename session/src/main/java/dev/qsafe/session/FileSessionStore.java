package dev.qsafe.session;

import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.session.SessionStoreException.Kind;
import dev.qsafe.session.internal.Engines;
import dev.qsafe.session.internal.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded {@link SessionStore}: one file per session in a directory, encrypted at rest under the
 * identity (docs/SESSION.md, "Storing sessions").
 *
 * <ul>
 * <li>{@code store.key}: a random 32-byte store key, sealed with HPKE (RFC 9180 base mode, the suite's
 * KEM, KDF and AEAD) to the identity's own KEM public key, so only the holder of the identity's private
 * key (an identity file and its passphrase) can open the store.</li>
 * <li>{@code s-<session id in hex>.state} and {@code prekeys.state}: each a state sealed with the suite's
 * AEAD under {@code ExpandWithLabel(store_key, "store entry", salt, Nk)} with a fresh random 32-byte salt
 * and a fresh random nonce per write; the associated data is the file header: the entry's name (which
 * holds the session id) and a version counter that grows with every write.</li>
 * <li>Every write goes to a new temporary file in the directory, is forced to disk, renamed over the old
 * file atomically, and the directory is forced, so a crash leaves the old or the new state.</li>
 * <li>A state whose counter is lower than one this store wrote or read before is refused
 * ({@link SessionStoreException.Kind#ROLLBACK}). A rollback of the whole directory while no process
 * holds the store is not detectable here (docs/SESSION.md says what that allows).</li>
 * <li>{@code store.lock}: one process holds the store at a time ({@link SessionStoreException.Kind#LOCKED}).</li>
 * </ul>
 * Thread-safe. Close it to release the lock.
 */
public final class FileSessionStore implements SessionStore, AutoCloseable {
    /** Largest entry file read (a session with 100,000 skipped keys is about 5.3 MB). */
    public static final int MAX_FILE = 8 << 20;
    static final byte TYPE_STORE_KEY = 0x20;
    static final byte TYPE_ENTRY = 0x21;
    private static final String KEY_FILE = "store.key";
    private static final String LOCK_FILE = "store.lock";
    private static final String PREKEYS = "prekeys";
    private static final int SALT = 32;
    private static final int STORE_KEY = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path dir;
    private final Engines engines;
    private final byte[] storeKey;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, Long> counters = new HashMap<>();
    private boolean closed;

    private FileSessionStore(Path dir, Engines engines, byte[] storeKey, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.engines = engines;
        this.storeKey = storeKey;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating if needed) the store in {@code dir} for {@code me}. */
    static FileSessionStore open(Path dir, Identity me, Engines engines) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(me, "me");
        FileChannel ch = null;
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, dirAttributes());
            }
            ch = FileChannel.open(dir.resolve(LOCK_FILE), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), fileAttributes());
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new SessionStoreException(Kind.LOCKED, "the session store " + dir + " is in use by another process or store", null);
            }
            cleanTemporaries(dir);
            byte[] key = storeKey(dir, me, engines);
            FileSessionStore store = new FileSessionStore(dir, engines, key, ch, lock);
            ch = null;
            return store;
        } catch (IOException e) {
            throw io("cannot open the session store " + dir, e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the open failed already
                }
            }
        }
    }

    // ---- store key ----

    private static byte[] storeKeyInfo(Engines e, byte[] fp) {
        return new Wire.Writer(96).vec("qsafe/1 session store").vec(e.suite().name()).raw(fp).toByteArray();
    }

    private static byte[] storeKey(Path dir, Identity me, Engines e) throws IOException {
        Path file = dir.resolve(KEY_FILE);
        byte[] fp = HexFormat.of().parseHex(me.publicIdentity().fingerprint());
        byte[] header = new Wire.Writer(96).magic(TYPE_STORE_KEY).vec(e.suite().name()).raw(fp).toByteArray();
        Hpke hpke = e.hpke();
        if (!Files.exists(file)) {
            byte[] key = new byte[STORE_KEY];
            RANDOM.nextBytes(key);
            try {
                atomicWrite(dir, KEY_FILE, sealStoreKey(me, e, fp, header, key), false);
                return key;
            } catch (FileAlreadyExistsException raced) {
                Arrays.fill(key, (byte) 0);
                // another store created it first: read theirs
            }
        }
        byte[] bytes = read(file);
        try {
            Wire.Reader r = new Wire.Reader(bytes, "session store key file");
            r.magic(TYPE_STORE_KEY);
            String suite = r.string(64);
            byte[] theirFp = r.fixed(32);
            boolean sameFp = java.security.MessageDigest.isEqual(theirFp, fp);
            if (!suite.equalsIgnoreCase(e.suite().name())) {
                throw wrongIdentity(dir, me, theirFp, suite);
            }
            byte[] enc = r.vecExact(e.suite().kem().ciphertextSize(), "HPKE enc");
            byte[] ct = r.vec(256);
            r.end();
            byte[] theirHeader = new Wire.Writer(96).magic(TYPE_STORE_KEY).vec(e.suite().name()).raw(theirFp).toByteArray();
            // The primary first; after a rotation (the fingerprint of a single-key identity changes once, and the
            // store was sealed to the key that was primary then) the identity's other keys that still open.
            List<dev.qsafe.api.KeyPair> candidates = new ArrayList<>();
            candidates.add(me.kem());
            for (dev.qsafe.runtime.keys.KeyInfo k : me.keys()) {
                if (k.status() == dev.qsafe.runtime.keys.KeyStatus.ACTIVE) {
                    candidates.add(me.kemFor(k.publicKey().id()));
                }
            }
            for (int i = 0; i < candidates.size(); i++) {
                byte[] key;
                try {
                    Hpke.Recipient rc = hpke.setupBaseRecipient(candidates.get(i).privateKey(), enc, storeKeyInfo(e, theirFp));
                    try {
                        key = rc.open(theirHeader, ct);
                    } finally {
                        rc.destroy();
                    }
                } catch (DecryptionFailedException | dev.qsafe.api.InvalidKeyException | dev.qsafe.api.InvalidInputException notThis) {
                    continue;
                }
                if (key.length != STORE_KEY) {
                    throw corrupt(file, null);
                }
                if (i > 0 || !sameFp) {
                    // Sealed to an older key (or under the fingerprint before the first rotation): seal the same store
                    // key to the primary now, so that retiring the old key later leaves the store readable.
                    atomicWrite(dir, KEY_FILE, sealStoreKey(me, e, fp, header, key), true);
                }
                return key;
            }
            if (!sameFp) {
                throw wrongIdentity(dir, me, theirFp, suite);
            }
            throw corrupt(file, new DecryptionFailedException());
        } catch (SessionStoreException ex) {
            throw ex;
        } catch (QSafeException ex) {
            throw corrupt(file, ex);
        }
    }

    /** {@code store.key}'s bytes: {@code key} sealed to the identity's primary KEM key. */
    private static byte[] sealStoreKey(Identity me, Engines e, byte[] fp, byte[] header, byte[] key) {
        Hpke.Sender s = e.hpke().setupBaseSender(me.kem().publicKey(), storeKeyInfo(e, fp));
        try {
            byte[] ct = s.seal(header, key);
            return new Wire.Writer(header.length + 64 + ct.length + s.enc().length).raw(header).vec(s.enc()).vec(ct).toByteArray();
        } finally {
            s.destroy();
        }
    }

    private static SessionStoreException wrongIdentity(Path dir, Identity me, byte[] theirFp, String suite) {
        return new SessionStoreException(Kind.WRONG_IDENTITY, "the session store " + dir + " belongs to another identity (key "
                + HexFormat.of().formatHex(theirFp, 0, 8) + "..., suite " + suite + "), not to " + me.name()
                + ", or to a key of " + me.name() + " that is retired or destroyed (a retired key: 'qsafe key reactivate' it,"
                + " use the store once, which moves it to the primary key, then retire the key again)", null);
    }

    // ---- entries ----

    private static String sessionName(byte[] sessionId) {
        if (sessionId.length != 16) {
            throw new IllegalArgumentException("a session id has 16 bytes, got " + sessionId.length);
        }
        return "session " + HexFormat.of().formatHex(sessionId);
    }

    private static String fileName(String name) {
        return name.equals(PREKEYS) ? "prekeys.state" : "s-" + name.substring("session ".length()) + ".state";
    }

    @Override
    public synchronized void save(byte[] sessionId, byte[] state) {
        saveEntry(sessionName(sessionId), state);
    }

    @Override
    public synchronized Optional<byte[]> load(byte[] sessionId) {
        return loadEntry(sessionName(sessionId));
    }

    /** Stores a responder's prekeys ({@link Prekeys#export()}), as a session state is stored. */
    public synchronized void savePrekeys(Prekeys prekeys) {
        byte[] state = prekeys.export();
        try {
            saveEntry(PREKEYS, state);
        } finally {
            Arrays.fill(state, (byte) 0);
        }
    }

    /** The stored prekeys' {@link Prekeys#export()} bytes, or empty. */
    public synchronized Optional<byte[]> loadPrekeys() {
        return loadEntry(PREKEYS);
    }

    @Override
    public synchronized List<byte[]> sessionIds() {
        checkOpen();
        List<byte[]> ids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "s-*.state")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                String hex = n.substring(2, n.length() - ".state".length());
                if (hex.length() == 32 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    ids.add(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
                }
            }
        } catch (IOException e) {
            throw io("cannot list the session store " + dir, e);
        }
        return ids;
    }

    @Override
    public synchronized void delete(byte[] sessionId) {
        checkOpen();
        String name = sessionName(sessionId);
        try {
            Files.deleteIfExists(dir.resolve(fileName(name)));
            forceDirectory(dir);
        } catch (IOException e) {
            throw io("cannot delete a session from " + dir, e);
        }
    }

    private void saveEntry(String name, byte[] state) {
        checkOpen();
        Long known = counters.get(name);
        if (known == null) {
            known = loadEntry(name).map(b -> {
                Arrays.fill(b, (byte) 0);
                return counters.get(name);
            }).orElse(0L);
        }
        long counter = known + 1;
        byte[] salt = new byte[SALT];
        byte[] nonce = new byte[engines.nn()];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(nonce);
        byte[] header = new Wire.Writer(64 + SALT).magic(TYPE_ENTRY).vec(name).u64(counter).raw(salt).raw(nonce).toByteArray();
        SecretBytes k = SecretBytes.wrap(entryKey(salt));
        byte[] body;
        try {
            body = engines.aead().seal(k, nonce, state, header);
        } finally {
            k.destroy();
        }
        byte[] file = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, file, header.length, body.length);
        try {
            atomicWrite(dir, fileName(name), file, true);
        } catch (IOException e) {
            throw io("cannot store a session state in " + dir, e);
        }
        counters.put(name, counter);
    }

    private Optional<byte[]> loadEntry(String name) {
        checkOpen();
        Path file = dir.resolve(fileName(name));
        byte[] bytes;
        try {
            bytes = read(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw io("cannot read " + file, e);
        }
        try {
            Wire.Reader r = new Wire.Reader(bytes, "session store entry");
            r.magic(TYPE_ENTRY);
            String stored = r.string(128);
            long counter = r.u64();
            byte[] salt = r.fixed(SALT);
            r.fixed(engines.nn());
            int headerLength = r.position();
            if (!stored.equals(name)) {
                throw corrupt(file, null);
            }
            byte[] nonce = Arrays.copyOfRange(bytes, headerLength - engines.nn(), headerLength);
            SecretBytes k = SecretBytes.wrap(entryKey(salt));
            byte[] state;
            try {
                state = engines.aead().open(k, nonce, Arrays.copyOfRange(bytes, headerLength, bytes.length),
                        Arrays.copyOf(bytes, headerLength));
            } finally {
                k.destroy();
            }
            Long known = counters.get(name);
            if (known != null && counter < known) {
                Arrays.fill(state, (byte) 0);
                throw new SessionStoreException(Kind.ROLLBACK, file + " holds version " + counter + " of its state, but version "
                        + known + " was stored before: the file was rolled back; refusing it (a rolled-back session could reuse keys)", null);
            }
            counters.put(name, counter);
            return Optional.of(state);
        } catch (SessionStoreException e) {
            throw e;
        } catch (DecryptionFailedException e) {
            throw corrupt(file, e);
        } catch (QSafeException e) {
            throw corrupt(file, e);
        }
    }

    private byte[] entryKey(byte[] salt) {
        return engines.labeled().expandWithLabel(storeKey, "store entry", salt, engines.nk());
    }

    // ---- files ----

    private static byte[] read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_FILE) {
                throw new SessionStoreException(Kind.CORRUPT, file + " has " + size + " bytes, more than a stored state may have ("
                        + MAX_FILE + ")", null);
            }
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill
            }
            if (b.hasRemaining()) {
                throw new SessionStoreException(Kind.CORRUPT, file + " changed size while it was read", null);
            }
            return b.array();
        }
    }

    /** Temporary file, force, atomic rename (over the old file if {@code replace}), force the directory. */
    private static void atomicWrite(Path dir, String name, byte[] bytes, boolean replace) throws IOException {
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        Path tmp = dir.resolve("." + name + ".tmp-" + HexFormat.of().formatHex(r));
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fileAttributes())) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Path target = dir.resolve(name);
            if (!replace && Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically; a session store needs it", e);
            }
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms (Windows) cannot open a directory; the rename is all they offer
            if (POSIX) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }

    private static void cleanTemporaries(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.tmp-*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p); // left by a crash before its rename: never the current state
            }
        }
    }

    private static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] dirAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
    }

    private static SessionStoreException io(String message, IOException e) {
        return new SessionStoreException(Kind.IO, message + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
    }

    private static SessionStoreException corrupt(Path file, Throwable cause) {
        return new SessionStoreException(Kind.CORRUPT, file + " is damaged, modified or not a qsafe session store file", cause);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the session store is closed");
        }
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    /** Wipes the store key and releases the lock. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Arrays.fill(storeKey, (byte) 0);
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // closing a lock file cannot lose data
            }
        }
    }

    @Override
    public String toString() {
        return "FileSessionStore[" + dir + "]";
    }
}
