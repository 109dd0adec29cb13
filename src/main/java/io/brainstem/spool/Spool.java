package io.brainstem.spool;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A durable, bounded, append-ordered queue of documents on disk: the daemon appends every sample document
 * at once, the emitter {@link #peek peeks} the oldest ones, ships them and {@link #acknowledge
 * acknowledges} what Elasticsearch accepted. Only acknowledged records ever leave the spool, apart from
 * what the byte budget forces out and what damage destroys; both are counted in {@link #stats}.
 *
 * <p><b>Files.</b> A directory of segment files {@code <20-digit base offset>.spool} (by default an eighth
 * of the budget, between 64 KiB and 8 MiB each), an {@code ack.checkpoint} and a {@code spool.lock} that
 * keeps a second process out. A record's {@link SpoolRecord#offset offset} is its segment's base plus its
 * byte position in the file, so offsets grow in append order across segments. Each record is one frame:
 * length, timestamp, target, id, document, CRC-32 over all of it.
 *
 * <p><b>Durability.</b> {@link #append} hands the whole frame to the operating system with one positional
 * write before it returns, so the record survives a crash of the JVM ({@code kill -9}, OOM, a JVM abort)
 * from that moment on: such a crash can lose at most the record whose write it interrupted. Surviving a
 * power cut or a kernel crash needs the data forced to the device, which costs milliseconds: an append
 * forces its segment when the previous force is at least {@value #FORCE_INTERVAL_MILLIS} ms old, and
 * rolling a segment, {@link #flush} and {@link #close} force too. So a power cut loses what was appended
 * since the last force: at the daemon's cadence (one append per 5-second poll) nothing but the record
 * being appended, because every such append forces before it returns; after a burst of appends, up to the
 * last {@value #FORCE_INTERVAL_MILLIS} ms of the burst until the next append or {@code flush()}, which a
 * caller appending in bursts should call at the end of each. Reads never force anything.
 *
 * <p><b>Recovery.</b> {@link #open} reads the checkpoint, deletes segments that lie wholly below it, and
 * checks every frame of the others. A damaged frame in the newest segment is the write a crash
 * interrupted: the file is cut back to its last whole frame and one record counted lost. A damaged frame
 * in any older segment means corruption: that segment is renamed {@code *.corrupt} (kept for a human to
 * look at), counted, its records lost, and the segments behind it are delivered as usual. A read that
 * later finds damage does the same.
 *
 * <p><b>Acknowledgement.</b> The durable ack position is an offset below which every record was
 * acknowledged; it advances only over a contiguous acknowledged prefix. Records acknowledged out of order
 * (delivered 1, 2, 4 while 3 waits for a retry) are remembered in memory and {@code peek} never returns
 * them again while this process runs; the position then moves to 3, and over 4 once 3 is acknowledged.
 * Every acknowledgement that moves the position writes the checkpoint and forces it before it returns
 * (one small write and one data force, see {@code Checkpoint}). After a restart the records at or after
 * the position come back, so what may be sent twice is exactly the out-of-order acknowledged ones (4
 * above): harmless, because document ids are deterministic and Elasticsearch answers {@code 409} to a
 * duplicate create. Segments wholly below the position are deleted, which is how acknowledged space is
 * reclaimed. Should a power cut take segment data the checkpoint already passed, appends resume in a new
 * segment at the checkpoint, so an offset below it is never given to a new record.
 *
 * <p><b>Budget.</b> The segment files never exceed {@code maxBytes} together: an append that would cross
 * it first deletes the oldest segments, whatever they still hold; their unacknowledged records are counted
 * as dropped and logged. Acknowledging such a record later is a no-op.
 *
 * <p><b>Threads.</b> Thread-safe, made for one appending thread (the daemon) and one shipping thread (the
 * emitter): every method holds one {@link ReentrantLock} for its file work (not {@code synchronized},
 * which would pin a virtual thread during file I/O on JDK 21). A peek of a few thousand records is one
 * positional read per contiguous run and holds the lock for about that read. An interrupt during a call
 * makes that call fail (a {@link FileChannel} closes itself when its thread is interrupted); the spool
 * reopens the file on the next call, so an interrupt never disables it.
 */
public final class Spool implements AutoCloseable {

    /** The most an append lets pass without forcing the data to the device. */
    public static final long FORCE_INTERVAL_MILLIS = 1000;
    /** Smallest segment allowed by {@link #open(Path, long, int)}. */
    public static final int MIN_SEGMENT_BYTES = 1024;
    static final int DEFAULT_MIN_SEGMENT_BYTES = 64 * 1024;
    static final int DEFAULT_MAX_SEGMENT_BYTES = 8 * 1024 * 1024;
    static final String LOCK_FILE = "spool.lock";

    private static final System.Logger LOG = System.getLogger(Spool.class.getName());
    private static final long FORCE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(FORCE_INTERVAL_MILLIS);

    private final ReentrantLock lock = new ReentrantLock();
    private final Path directory;
    private final long maxBytes;
    private final int segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock fileLock;

    // All fields below are guarded by 'lock'.
    /** Live segments by base offset; ranges do not overlap and grow with the base; the last is active. */
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private Segment active;
    private Checkpoint checkpoint;
    /** The ack position last written to the checkpoint; never more than the in-memory ack position. */
    private long checkpointed;
    /** Unacknowledged records in all live segments. */
    private long unacknowledged;
    /** Sum of the live segments' file sizes; never above maxBytes after an append. */
    private long totalBytes;
    private long appended;
    private long acknowledged;
    private long dropped;
    private long quarantined;
    private long lost;
    private long lastForceNanos = System.nanoTime();
    /** Whether the active segment holds bytes written since its last force. */
    private boolean unforced;
    private boolean closed;

    private Spool(Path directory, long maxBytes, int segmentBytes, FileChannel lockChannel, FileLock fileLock) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
    }

    /**
     * Opens the spool in {@code directory}, creating it if needed, and recovers what a previous process
     * left there. Segments are an eighth of {@code maxBytes}, at least 64 KiB and at most 8 MiB.
     *
     * @param maxBytes the most bytes the segment files may take together, at least two segments
     * @throws IOException when the directory cannot be created or written, or another spool holds it
     */
    public static Spool open(Path directory, long maxBytes) throws IOException {
        return open(directory, maxBytes, defaultSegmentBytes(maxBytes));
    }

    /** Like {@link #open(Path, long)} with an explicit segment size. */
    public static Spool open(Path directory, long maxBytes, int segmentBytes) throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be at least " + MIN_SEGMENT_BYTES + ", was "
                    + segmentBytes);
        }
        if (maxBytes < 2L * segmentBytes) {
            throw new IllegalArgumentException("maxBytes must hold at least two segments of " + segmentBytes
                    + " bytes (" + 2L * segmentBytes + "), was " + maxBytes);
        }
        Files.createDirectories(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock fileLock;
        try {
            fileLock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            fileLock = null;
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (fileLock == null) {
            lockChannel.close();
            throw new IOException("spool directory " + directory + " is in use by another spool ("
                    + LOCK_FILE + " is locked)");
        }
        Spool spool = new Spool(directory, maxBytes, segmentBytes, lockChannel, fileLock);
        try {
            spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.closeFiles(e);
            throw e;
        }
        return spool;
    }

    static int defaultSegmentBytes(long maxBytes) {
        return (int) Math.clamp(maxBytes / 8, DEFAULT_MIN_SEGMENT_BYTES, DEFAULT_MAX_SEGMENT_BYTES);
    }

    private void recover() throws IOException {
        checkpoint = Checkpoint.open(directory);
        if (checkpoint.damage() != null) {
            LOG.log(Level.WARNING, "spool {0}: {1}; starting from the oldest record held (records already "
                    + "shipped are sent again and rejected as duplicates by their document id)", directory,
                    checkpoint.damage());
        }
        long position = checkpoint.recovered();
        checkpointed = position;
        List<Long> bases;
        try (Stream<Path> files = Files.list(directory)) {
            bases = files.map(f -> Segment.baseOf(f.getFileName().toString())).filter(b -> b >= 0).sorted()
                    .toList();
        }
        long nextBase = position;
        Segment newest = null;
        for (int k = 0; k < bases.size(); k++) {
            long base = bases.get(k);
            boolean last = k == bases.size() - 1;
            Path path = directory.resolve(Segment.fileName(base));
            long size = Files.size(path);
            nextBase = Math.max(nextBase, base + size);
            if (base + size <= position) {
                Files.delete(path); // wholly acknowledged; a crash came between checkpoint and delete
                continue;
            }
            Segment.Opened opened = Segment.open(path, base);
            Segment segment = opened.segment();
            segment.headIndex = segment.indexAtOrAfter(position);
            if (opened.damaged()) {
                boolean tornTail = last && (opened.damagedAt() >= Segment.HEADER_SIZE || size < Segment.HEADER_SIZE);
                if (!tornTail) {
                    quarantine(segment, opened.damagedAt(), opened.damage(), segment.unacknowledged() + 1L);
                    continue;
                }
                LOG.log(Level.WARNING, "spool segment {0}: {1} at byte {2}; cut {3} bytes of an interrupted "
                        + "write", path, opened.damage(), opened.damagedAt(), size - segment.size());
                segment.truncateToEnd();
                if (opened.damagedAt() >= Segment.HEADER_SIZE) {
                    lost++;
                }
            }
            if (segment.count() == 0 && !last) {
                segment.close();
                Files.delete(path);
                continue;
            }
            add(segment);
            if (last) {
                newest = segment;
            }
        }
        // Appends continue in the newest segment unless it is gone or ends below the checkpoint (the
        // device lost unforced data in a power cut): offsets below the ack position must never be reused.
        if (newest != null && newest.base + newest.size() >= position) {
            active = newest;
        } else {
            active = Segment.create(directory, nextBase);
            add(active);
        }
        enforceBudget(0);
        LOG.log(Level.INFO, "spool {0}: {1} unacknowledged records in {2} segments, {3} bytes of {4}", directory,
                unacknowledged, segments.size(), totalBytes, maxBytes);
    }

    private void add(Segment segment) {
        segments.put(segment.base, segment);
        totalBytes += segment.size();
        unacknowledged += segment.unacknowledged();
    }

    /**
     * Appends one document. On return the record is in the operating system's hands (see the class
     * Javadoc for what a power cut can still take).
     *
     * @param timestamp when the document's sample was taken
     * @param target    the data stream the document goes to, not blank
     * @param id        the document id, not blank
     * @param document  the document, JSON bytes; not retained
     * @throws IllegalArgumentException when a parameter is blank, too long or the record does not fit a
     *                                  segment
     */
    public void append(Instant timestamp, String target, String id, byte[] document) throws IOException {
        ByteBuffer frame = frame(timestamp, target, id, document);
        long size = frame.remaining();
        lock.lock();
        try {
            ensureOpen();
            if (active.count() > 0 && active.size() + size > segmentBytes) {
                roll();
            }
            enforceBudget(size);
            active.append(frame);
            totalBytes += size;
            unacknowledged++;
            appended++;
            unforced = true;
            if (System.nanoTime() - lastForceNanos >= FORCE_INTERVAL_NANOS) {
                forceActive();
            }
        } finally {
            lock.unlock();
        }
    }

    /** One document of {@link #append(List)}; the parameters of {@link #append(Instant, String, String, byte[])}. */
    public record Document(Instant timestamp, String target, String id, byte[] json) {
    }

    /**
     * Appends documents in their order, as that many {@link #append(Instant, String, String, byte[])}
     * calls would, but with one positional write per segment they land in (a new segment is started when
     * the active one is full) and one lock: for many small documents at once, where a write each would
     * cost more than the documents. On return every record is in the operating system's hands.
     *
     * @throws IllegalArgumentException as the single append, before anything is written
     * @throws IOException when a write fails; the records of that write are not in the spool, those of
     *                     earlier writes of this call are
     */
    public void append(List<Document> documents) throws IOException {
        int n = documents.size();
        ByteBuffer[] frames = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            Document d = documents.get(i);
            frames[i] = frame(d.timestamp(), d.target(), d.id(), d.json());
        }
        lock.lock();
        try {
            ensureOpen();
            int next = 0;
            while (next < n) {
                if (active.count() > 0 && active.size() + frames[next].remaining() > segmentBytes) {
                    roll();
                }
                // as many frames as the active segment still takes, at least one (an empty segment takes any)
                int last = next;
                long bytes = frames[next].remaining();
                while (last + 1 < n && active.size() + bytes + frames[last + 1].remaining() <= segmentBytes) {
                    bytes += frames[++last].remaining();
                }
                enforceBudget(bytes);
                ByteBuffer run = ByteBuffer.allocate((int) bytes);
                int[] sizes = new int[last - next + 1];
                for (int i = next; i <= last; i++) {
                    sizes[i - next] = frames[i].remaining();
                    run.put(frames[i]);
                }
                active.append(run.flip(), sizes);
                totalBytes += bytes;
                unacknowledged += sizes.length;
                appended += sizes.length;
                unforced = true;
                next = last + 1;
            }
            if (System.nanoTime() - lastForceNanos >= FORCE_INTERVAL_NANOS) {
                forceActive();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The record's frame, after checking that it is valid and fits a segment. */
    private ByteBuffer frame(Instant timestamp, String target, String id, byte[] document) {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(document, "document");
        byte[] targetBytes = name(target, "target");
        byte[] idBytes = name(id, "id");
        long size = (long) RecordFormat.OVERHEAD + targetBytes.length + idBytes.length + document.length;
        if (size > segmentBytes - Segment.HEADER_SIZE) {
            throw new IllegalArgumentException("document " + id + " of " + document.length + " bytes does not "
                    + "fit a spool segment of " + segmentBytes + " bytes");
        }
        return RecordFormat.encode(timestamp, targetBytes, idBytes, document);
    }

    private static byte[] name(String value, String parameter) {
        Objects.requireNonNull(value, parameter);
        if (value.isBlank()) {
            throw new IllegalArgumentException(parameter + " must not be blank");
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > RecordFormat.MAX_NAME_BYTES) {
            throw new IllegalArgumentException(parameter + " must be at most " + RecordFormat.MAX_NAME_BYTES
                    + " bytes in UTF-8, was " + bytes.length);
        }
        return bytes;
    }

    /** Seals the active segment (forced) and starts the next one where it ends. */
    private void roll() throws IOException {
        forceActive();
        Segment next = Segment.create(directory, active.base + active.size());
        segments.put(next.base, next);
        totalBytes += next.size();
        active = next;
        reclaim();
    }

    /** Deletes the oldest segments until {@code incoming} more bytes fit the budget. */
    private void enforceBudget(long incoming) throws IOException {
        while (totalBytes + incoming > maxBytes && segments.size() > 1) {
            Segment oldest = segments.firstEntry().getValue();
            int records = oldest.unacknowledged();
            remove(oldest);
            Files.deleteIfExists(oldest.path());
            dropped += records;
            if (records > 0) {
                LOG.log(Level.WARNING, "spool {0} is over its budget of {1} bytes: deleted segment {2} with {3} "
                        + "unacknowledged records ({4} dropped since start); are documents being shipped?",
                        directory, maxBytes, oldest.path().getFileName(), records, dropped);
            }
        }
    }

    /**
     * The oldest unacknowledged records, in append order, without removing them. Records acknowledged out
     * of order are skipped. Returns at least one record when any is held, even one larger than
     * {@code maxBytes}, so a large record never blocks the spool.
     *
     * @param maxRecords the most records to return, at least 1
     * @param maxBytes   the most stored bytes to return (documents plus target, id and 24 bytes of
     *                   framing each), at least 1
     */
    public List<SpoolRecord> peek(int maxRecords, long maxBytes) throws IOException {
        return peek(Long.MIN_VALUE, maxRecords, maxBytes);
    }

    /**
     * Like {@link #peek(int, long)}, leaving out the records before offset {@code from}: a reader that has
     * records in hand which are not acknowledged yet reads on behind them.
     */
    public List<SpoolRecord> peek(long from, int maxRecords, long maxBytes) throws IOException {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        lock.lock();
        try {
            ensureOpen();
            List<SpoolRecord> out = new ArrayList<>((int) Math.min(maxRecords, Math.min(unacknowledged, 4096)));
            long bytes = 0;
            for (Segment segment : List.copyOf(segments.values())) {
                if (segment.base + segment.size() <= from) {
                    continue;
                }
                int i = Math.max(segment.headIndex, from <= segment.base ? 0 : segment.indexAtOrAfter(from));
                while (i < segment.count() && out.size() < maxRecords) {
                    if (segment.acked.get(i)) {
                        i = segment.acked.nextClearBit(i);
                        continue;
                    }
                    // One read for the run of unacknowledged records that fits the limits.
                    int j = i;
                    long run = 0;
                    boolean full = false;
                    while (j < segment.count() && !segment.acked.get(j) && out.size() + (j - i) < maxRecords) {
                        int frame = segment.frameSize(j);
                        if (bytes + run + frame > maxBytes && !(out.isEmpty() && j == i)) {
                            full = true;
                            break;
                        }
                        run += frame;
                        j++;
                    }
                    if (j > i && !decodeRun(segment, i, j, out)) {
                        break; // the segment was quarantined; go on with the next one
                    }
                    bytes += run;
                    if (full) {
                        return out;
                    }
                    i = j;
                }
                if (out.size() >= maxRecords) {
                    break;
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Reads and checks records {@code [from, to)} into {@code out}; false if damage was found. */
    private boolean decodeRun(Segment segment, int from, int to, List<SpoolRecord> out) throws IOException {
        byte[] run = segment.read(from, to);
        for (int k = from; k < to; k++) {
            int at = segment.relative(from, k);
            int size = segment.frameSize(k);
            int check = RecordFormat.check(run, at, size, size);
            if (check != size) {
                String why = check < 0 ? RecordFormat.why(check) : "frame length changed since it was indexed";
                if (segment == active) {
                    roll();
                }
                quarantine(segment, segment.offsetOf(k) - segment.base, why, segment.unacknowledgedFrom(k));
                return false;
            }
            out.add(RecordFormat.decode(segment.offsetOf(k), run, at, size));
        }
        return true;
    }

    /**
     * Marks records as delivered; they are never returned by {@link #peek} again. The durable ack
     * position advances over the contiguous acknowledged prefix and is written before this returns; see
     * the class Javadoc for what a restart re-sends. Acknowledging a record twice, or one the budget or
     * damage has removed since, does nothing.
     *
     * @param records records from {@link #peek}, a subset in any order; only their offsets are used
     * @throws IllegalArgumentException when an offset is not a record of this spool (nothing is then
     *                                  acknowledged)
     * @throws IOException              when the checkpoint could not be written; the records are marked
     *                                  in memory all the same, and the next acknowledgement writes it
     */
    public void acknowledge(List<SpoolRecord> records) throws IOException {
        Objects.requireNonNull(records, "records");
        lock.lock();
        try {
            ensureOpen();
            List<Segment> where = new ArrayList<>(records.size());
            int[] indexes = new int[records.size()];
            for (SpoolRecord record : records) {
                long offset = Objects.requireNonNull(record, "record").offset();
                Map.Entry<Long, Segment> entry = segments.floorEntry(offset);
                int index = -1;
                if (entry != null) {
                    Segment segment = entry.getValue();
                    if (segment == active && offset >= segment.base + segment.size()) {
                        throw new IllegalArgumentException("offset " + offset + " is beyond the end of the spool ("
                                + (segment.base + segment.size()) + ")");
                    }
                    if (segment.contains(offset)) {
                        index = segment.indexOf(offset);
                        if (index < 0) {
                            throw new IllegalArgumentException("offset " + offset + " is not the start of a "
                                    + "record in spool segment " + segment.path().getFileName());
                        }
                        where.add(segment);
                        indexes[where.size() - 1] = index;
                    }
                }
                // else: in a segment dropped over budget or quarantined since it was peeked
            }
            for (int k = 0; k < where.size(); k++) {
                Segment segment = where.get(k);
                int index = indexes[k];
                if (index >= segment.headIndex && !segment.acked.get(index)) {
                    segment.acked.set(index);
                    unacknowledged--;
                    acknowledged++;
                }
            }
            advance();
        } finally {
            lock.unlock();
        }
    }

    /** Moves head indexes over acknowledged records, writes the checkpoint if it moved, reclaims. */
    private void advance() throws IOException {
        for (Segment segment : segments.values()) {
            int next = Math.min(segment.acked.nextClearBit(segment.headIndex), segment.count());
            segment.acked.clear(segment.headIndex, next);
            segment.headIndex = next;
            if (next < segment.count()) {
                break;
            }
        }
        long position = ackPosition();
        if (position > checkpointed) {
            checkpoint.write(position);
            checkpointed = position;
        }
        reclaim();
    }

    /** Offset of the oldest record not acknowledged in order, or the end of the spool. */
    private long ackPosition() {
        for (Segment segment : segments.values()) {
            if (segment.headIndex < segment.count()) {
                return segment.offsetOf(segment.headIndex);
            }
        }
        return active.base + active.size();
    }

    /** Deletes fully acknowledged segments from the front, never the active one. */
    private void reclaim() throws IOException {
        while (segments.size() > 1) {
            Segment oldest = segments.firstEntry().getValue();
            if (oldest.headIndex < oldest.count()) {
                return;
            }
            remove(oldest);
            Files.deleteIfExists(oldest.path());
        }
    }

    private void remove(Segment segment) throws IOException {
        segments.remove(segment.base);
        totalBytes -= segment.size();
        unacknowledged -= segment.unacknowledged();
        segment.close();
    }

    /** Renames a damaged segment {@code *.corrupt} and counts what it held as lost. */
    private void quarantine(Segment segment, long damagedAt, String damage, long lostRecords) throws IOException {
        if (segments.get(segment.base) == segment) {
            remove(segment);
        } else {
            segment.close();
        }
        Path target = segment.path().resolveSibling(segment.path().getFileName() + Segment.CORRUPT_SUFFIX);
        for (int n = 1; Files.exists(target); n++) {
            target = segment.path().resolveSibling(segment.path().getFileName() + "." + n + Segment.CORRUPT_SUFFIX);
        }
        Files.move(segment.path(), target);
        Checkpoint.forceDirectory(directory);
        quarantined++;
        lost += lostRecords;
        LOG.log(Level.ERROR, "spool segment {0} is damaged at byte {1} ({2}): renamed to {3}, {4} records lost; "
                + "the records behind it are still delivered", segment.path(), damagedAt, damage,
                target.getFileName(), lostRecords);
    }

    /** Forces appended records to the device now (see the class Javadoc). */
    public void flush() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            forceActive();
        } finally {
            lock.unlock();
        }
    }

    private void forceActive() throws IOException {
        if (unforced) {
            active.force();
            unforced = false;
        }
        lastForceNanos = System.nanoTime();
    }

    /** A consistent snapshot; counters are since {@link #open}. Also answers after {@link #close}. */
    public SpoolStats stats() {
        lock.lock();
        try {
            Instant oldest = null;
            if (!closed) {
                for (Segment segment : segments.values()) {
                    int i = segment.acked.nextClearBit(segment.headIndex);
                    if (i < segment.count()) {
                        try {
                            oldest = segment.timestamp(i);
                        } catch (IOException e) {
                            LOG.log(Level.DEBUG, "spool: cannot read the oldest timestamp", e);
                        }
                        break;
                    }
                }
            }
            return new SpoolStats(unacknowledged, totalBytes, oldest, appended, acknowledged, dropped, quarantined,
                    lost);
        } finally {
            lock.unlock();
        }
    }

    /** Forces appended records, writes the ack position and releases the directory. Idempotent. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            IOException failure = null;
            try {
                forceActive();
                long position = ackPosition();
                if (position > checkpointed) {
                    checkpoint.write(position);
                    checkpointed = position;
                }
            } catch (IOException e) {
                failure = e;
            }
            closeFiles(failure);
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes every segment and the lock, adding problems to {@code failure} (or throwing the first). */
    private void closeFiles(Exception failure) throws IOException {
        IOException first = null;
        List<Segment> all = new ArrayList<>(segments.values());
        segments.clear();
        for (Segment segment : all) {
            try {
                segment.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        try {
            if (checkpoint != null) {
                checkpoint.close();
            }
            fileLock.release();
            lockChannel.close();
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            if (failure == null) {
                throw first;
            }
            failure.addSuppressed(first);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + directory + " is closed");
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String toString() {
        return "Spool[" + directory + ", maxBytes=" + maxBytes + ", segmentBytes=" + segmentBytes + "]";
    }
}
