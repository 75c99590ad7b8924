package dev.outpost.rig;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the 250 numbered places a gateway can occupy: network namespace {@code outpost-rig-N}, host link
 * {@code op-rig-N-h} and the addresses {@code 198.18.N.1/30} (host) and {@code 198.18.N.2/30} (gateway).
 *
 * <p>A slot is held through a POSIX lock on {@code /run/outpost-rig/slots/N.lock}, which the kernel releases when
 * the holding JVM dies. The file records the owner's pid, the systemd-nspawn pid and the overlay folder, so that a
 * later run can tell the leftovers of a dead run apart and clean them up.
 */
final class RigSlot implements AutoCloseable {

    static final int FIRST = 1;
    static final int LAST = 250;

    private static final Logger LOG = LoggerFactory.getLogger(RigSlot.class);
    private static final Set<Integer> HELD_HERE = new HashSet<>();
    private static boolean swept;

    private final int number;
    private final FileChannel channel;
    private final FileLock lock;
    private final Properties record = new Properties();

    private RigSlot(int number, FileChannel channel, FileLock lock) {
        this.number = number;
        this.channel = channel;
        this.lock = lock;
    }

    int number() {
        return number;
    }

    String namespace() {
        return namespace(number);
    }

    static String namespace(int number) {
        return "outpost-rig-" + number;
    }

    String hostLink() {
        return "op-rig-" + number + "-h";
    }

    String hostAddress() {
        return "198.18." + number + ".1";
    }

    String gatewayAddress() {
        return "198.18." + number + ".2";
    }

    String subnet() {
        return "198.18." + number + ".0/30";
    }

    /** Takes the lowest free slot, after cleaning up what dead runs left in any slot. */
    static synchronized RigSlot acquire() {
        sweepOnce();
        for (int n = FIRST; n <= LAST; n++) {
            RigSlot slot = HELD_HERE.contains(n) ? null : tryLock(n);
            if (slot == null) {
                continue;
            }
            slot.cleanUpLeftovers();
            if (RigNetwork.addressInUse(slot)) {
                LOG.warn("The rig skips slot {} because a host interface already uses {}.", n, slot.subnet());
                slot.close();
                continue;
            }
            slot.record.setProperty("ownerPid", Long.toString(ProcessHandle.current().pid()));
            slot.save();
            return slot;
        }
        throw new GatewayRigException("All gateway slots " + FIRST + ".." + LAST + " are taken.");
    }

    /** Cleans up every slot that has leftovers but is locked by no live process. Runs once per JVM. */
    private static void sweepOnce() {
        if (swept) {
            return;
        }
        swept = true;
        Set<Integer> suspects = new TreeSet<>(RigNetwork.slotsWithNamespace());
        suspects.addAll(RigNetwork.slotsWithHostLink());
        suspects.addAll(RigContainer.slotsWithRunFolder());
        for (int n : suspects) {
            if (HELD_HERE.contains(n)) {
                continue;
            }
            RigSlot slot = tryLock(n);
            if (slot != null) {
                slot.cleanUpLeftovers();
                slot.close();
            }
        }
    }

    private static RigSlot tryLock(int n) {
        try {
            Path dir = RigConfig.LOCK_ROOT.resolve("slots");
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(n + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            HELD_HERE.add(n);
            return new RigSlot(n, channel, lock);
        } catch (IOException e) {
            throw new GatewayRigException("The rig could not lock gateway slot " + n + ".", e);
        }
    }

    /** Records a fact about this slot's gateway in the lock file, for the cleanup after a crashed run. */
    synchronized void put(String key, String value) {
        record.setProperty(key, value);
        save();
    }

    private void save() {
        try {
            StringWriter text = new StringWriter();
            record.store(text, "Outpost gateway rig slot " + number);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Properties load() {
        Properties previous = new Properties();
        try {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 65_536));
            channel.read(buffer, 0);
            previous.load(new StringReader(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.warn("The rig could not read the record of slot {}.", number, e);
        }
        return previous;
    }

    /** Removes what a dead run left in this slot: its container, overlay mount, folder, link and namespace. */
    private void cleanUpLeftovers() {
        Properties previous = load();
        boolean namespaceExists = RigNetwork.slotsWithNamespace().contains(number);
        boolean folderExists = RigContainer.slotsWithRunFolder().contains(number);
        if (previous.isEmpty() && !namespaceExists && !folderExists && !RigNetwork.linkExists(hostLink())) {
            return;
        }
        LOG.warn("The rig cleans up gateway slot {}, left behind by process {} that is gone.", number,
                previous.getProperty("ownerPid", "(unknown)"));
        RigContainer.stopLeftover(previous.getProperty("nspawnPid"), namespace());
        String runDir = previous.getProperty("runDir");
        if (runDir != null) {
            RigContainer.removeRunFolder(Path.of(runDir));
        }
        RigContainer.removeRunFolders(number);
        RigNetwork.tearDown(this);
        record.clear();
        save();
    }

    /** Releases the slot; the lock file stays, emptied, since deleting it would race with other JVMs. */
    @Override
    public synchronized void close() {
        try {
            record.clear();
            save();
            lock.release();
            channel.close();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("The rig could not release gateway slot {} cleanly.", number, e);
        } finally {
            synchronized (RigSlot.class) {
                HELD_HERE.remove(number);
            }
        }
    }
}
