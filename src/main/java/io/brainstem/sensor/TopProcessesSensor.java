package io.brainstem.sensor;

import io.brainstem.sample.Reading;
import io.brainstem.sample.TopProcessesReading;
import io.brainstem.sample.TopProcessesReading.Proc;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The N heaviest processes by CPU and by resident memory. Enumerating every process is costly (one
 * file per process, more for the winners), so it never runs inside a poll: {@link #read} starts an
 * enumeration on its own virtual thread when the cadence is due and none is running, and returns at
 * once with the last finished result ({@link TopProcessesReading#pending()} before the first).
 * An enumeration that exceeds its time budget stops and publishes what it ranked so far, marked
 * incomplete. Its own cost and the process count are in the reading.
 *
 * <p>Per process it reads {@code <proc>/<pid>/stat} (name, CPU ticks, start time, resident pages); only
 * the winners' {@code cmdline} and {@code status} (real uid, exact {@code VmRSS}) are read, which
 * keeps the cost at one small file per process ({@code statm} is not needed: the resident page count
 * in {@code stat} ranks the same). CPU is over the interval since the previous enumeration, or since
 * the process started when it is newer than that (and on the first enumeration), measured on the
 * {@code <proc>/uptime} clock; ticks are the kernel's fixed USER_HZ of 100 per second.
 * User names come from an {@code /etc/passwd} file, cached and read again when it changes.
 *
 * <p>Thread-safe in the way the daemon needs: {@link #read} is called by one poll at a time and never
 * blocks; the enumeration state is only touched by the enumeration thread, and enumerations never
 * overlap (the next starts only after the running flag of the last is cleared). A read of a process's
 * files that hangs (a task stuck holding its memory map lock) holds up only the enumeration thread:
 * polls go on with the last result and no second enumeration starts until it returns. A failed
 * enumeration keeps the last result and is logged (the 1st, 2nd, 4th, 8th... time).
 */
public final class TopProcessesSensor implements Sensor {

    public static final int DEFAULT_TOP_N = 5;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(2);

    /** Clock ticks per second of the CPU times in /proc (USER_HZ; fixed at 100 on every Linux ABI). */
    static final int USER_HZ = 100;
    static final int COMMAND_LINE_MAX = 200;

    private static final System.Logger LOG = System.getLogger(TopProcessesSensor.class.getName());

    private final Path procRoot;
    private final Path sysRoot;
    private final Path passwd;
    private final int topN;
    private final Duration interval;
    private final Duration budget;
    private final ThreadFactory threads;
    private final AtomicBoolean running = new AtomicBoolean();

    private volatile TopProcessesReading last = TopProcessesReading.pending();
    private volatile Thread enumeration;
    private Instant startedAt; // read() thread only

    // enumeration thread only
    private final ProcText text = new ProcText();
    /** Used by the enumeration thread only (one enumeration at a time). */
    private final Names names = new Names();
    private Map<Long, Ticks> previousTicks = Map.of();
    private double previousUptime = Reading.ABSENT;
    private Map<Long, String> users = Map.of();
    private FileTime passwdModified;
    private long failures;

    /**
     * @param procRoot where {@code <pid>} directories and {@code uptime} are
     * @param sysRoot  the sys tree (online CPUs, for the host-relative share)
     * @param passwd   the user database for uid → name
     * @param topN     how many processes each list keeps, at least 1
     * @param interval how often an enumeration starts
     * @param budget   how long one enumeration may take before it stops with what it has
     */
    public TopProcessesSensor(Path procRoot, Path sysRoot, Path passwd, int topN, Duration interval, Duration budget) {
        this(procRoot, sysRoot, passwd, topN, interval, budget, Thread.ofVirtual().name("brainstem-top-processes").factory());
    }

    /** @param threads makes the thread each enumeration runs on */
    TopProcessesSensor(Path procRoot, Path sysRoot, Path passwd, int topN, Duration interval, Duration budget,
                       ThreadFactory threads) {
        this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
        this.sysRoot = Objects.requireNonNull(sysRoot, "sysRoot");
        this.passwd = Objects.requireNonNull(passwd, "passwd");
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be at least 1 (leave the sensor out to turn it off), was " + topN);
        }
        requirePositive("topInterval", interval);
        requirePositive("topBudget", budget);
        this.topN = topN;
        this.interval = interval;
        this.budget = budget;
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** Never waits: the enumeration, which reads other processes' files, runs on a thread of its own. */
    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public String name() {
        return "top";
    }

    /** Never blocks: starts an enumeration if one is due and returns the last finished result. */
    @Override
    public TopProcessesReading read(Instant now) {
        if (Rates.due(startedAt, now, interval) && running.compareAndSet(false, true)) {
            startedAt = now;
            Thread t = threads.newThread(() -> {
                try {
                    last = enumerate(now);
                } catch (Exception e) {
                    long n = ++failures;
                    if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, ... : a lasting fault does not flood the log
                        LOG.log(System.Logger.Level.WARNING,
                                "brainstem top-processes enumeration failed ({0} times so far): {1}", n, e.toString());
                    }
                } finally {
                    running.set(false);
                }
            });
            enumeration = t;
            try {
                t.start();
            } catch (RuntimeException | Error e) {
                running.set(false); // or no enumeration would ever start again
                throw e;
            }
        }
        return last;
    }

    /** Whether an enumeration is running now. */
    boolean enumerating() {
        return running.get();
    }

    /** Waits for the running enumeration, if any (tests and the cost benchmark). */
    void awaitEnumeration() throws InterruptedException {
        Thread t = enumeration;
        if (t != null) {
            t.join();
        }
    }

    /** CPU ticks of one process, with its start time so that a reused pid is not mistaken for it. */
    record Ticks(long startTicks, long cpuTicks) {
    }

    /** One process's {@code stat} as far as ranking needs it. */
    record Stat(long pid, String name, long cpuTicks, long startTicks, long rssPages) {
    }

    /** A ranked candidate. */
    private record Candidate(Stat stat, double cores) {
    }

    /** One enumeration, synchronously on the calling thread; publishes nothing. */
    TopProcessesReading enumerate(Instant takenAt) throws IOException {
        long t0 = System.nanoTime();
        long deadline = t0 + budget.toNanos();
        double uptime = parseUptime(text.read(procRoot.resolve("uptime")));
        int logical = CpuTopology.onlineLogical(text, procRoot, sysRoot);
        String[] entries = procRoot.toFile().list();
        if (entries == null) {
            throw new IOException("cannot list " + procRoot);
        }
        Map<Long, Ticks> ticks = new HashMap<>(entries.length * 2);
        List<Candidate> candidates = new ArrayList<>(entries.length);
        boolean complete = true;
        for (String entry : entries) {
            long pid = ProcText.counter(entry);
            if (pid < 0) {
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                complete = false;
                break;
            }
            String content = text.readIfPresent(procRoot.resolve(entry).resolve("stat"));
            Stat stat = content == null ? null : parseStat(pid, content);
            if (stat == null) {
                continue; // exited while we looked
            }
            ticks.put(pid, new Ticks(stat.startTicks(), stat.cpuTicks()));
            candidates.add(new Candidate(stat, cpuCores(previousTicks.get(pid), previousUptime, stat, uptime)));
        }
        previousTicks = ticks;
        previousUptime = uptime;

        List<Candidate> byCpu = new ArrayList<>(candidates);
        byCpu.removeIf(c -> Double.isNaN(c.cores()));
        byCpu.sort(Comparator.comparingDouble(Candidate::cores).reversed());
        List<Candidate> byRss = new ArrayList<>(candidates);
        byRss.sort(Comparator.comparingLong((Candidate c) -> c.stat().rssPages()).reversed());
        Map<Long, Proc> described = new HashMap<>();
        List<Proc> topCpu = describe(byCpu, logical, described);
        List<Proc> topRss = describe(byRss, logical, described);
        double millis = (System.nanoTime() - t0) / 1e6;
        return new TopProcessesReading(takenAt, millis, candidates.size(), complete, topCpu, topRss);
    }

    private List<Proc> describe(List<Candidate> ranked, int logical, Map<Long, Proc> described) {
        List<Proc> out = new ArrayList<>(topN);
        for (int i = 0; i < ranked.size() && out.size() < topN; i++) {
            Candidate c = ranked.get(i);
            Proc p = described.computeIfAbsent(c.stat().pid(), pid -> describe(c, logical));
            out.add(p);
        }
        return out;
    }

    private Proc describe(Candidate c, int logical) {
        Stat s = c.stat();
        Path dir = procRoot.resolve(Long.toString(s.pid()));
        String status = text.readIfPresent(dir.resolve("status"));
        String cmdline = text.readIfPresent(dir.resolve("cmdline"));
        double rss = s.rssPages() == 0 ? 0 : Reading.ABSENT;
        String user = null;
        if (status != null) {
            Status st = parseStatus(status);
            if (Reading.present(st.rssBytes())) {
                rss = st.rssBytes();
            }
            user = st.uid() < 0 ? null : userName(st.uid());
        }
        return new Proc(s.pid(), names.of(s.name()), names.of(commandLine(cmdline, s.name())), user, c.cores(),
                logical <= 0 ? Reading.ABSENT : Rates.fraction(c.cores(), logical), rss);
    }

    /** CPU in cores over the interval since the previous enumeration, or over the process's life (pure). */
    static double cpuCores(Ticks previous, double previousUptime, Stat current, double uptime) {
        if (previous != null && previous.startTicks() == current.startTicks() && Reading.present(previousUptime)
                && uptime > previousUptime && current.cpuTicks() >= previous.cpuTicks()) {
            return (current.cpuTicks() - previous.cpuTicks()) / (double) USER_HZ / (uptime - previousUptime);
        }
        double lived = uptime - current.startTicks() / (double) USER_HZ;
        if (Double.isNaN(uptime) || lived <= 0 || current.cpuTicks() < 0) {
            return Reading.ABSENT;
        }
        return current.cpuTicks() / (double) USER_HZ / lived;
    }

    /** First number of {@code /proc/uptime}: seconds since boot. */
    static double parseUptime(String text) {
        List<String> f = ProcText.fields(ProcText.lines(text).isEmpty() ? "" : ProcText.lines(text).get(0));
        if (f.isEmpty()) {
            throw new IllegalArgumentException("empty uptime file");
        }
        return Double.parseDouble(f.get(0));
    }

    /**
     * {@code <pid>/stat}: the name is between the first '(' and the last ')' (it may hold blanks and
     * parentheses); after it come state (field 3), ..., utime (14), stime (15), starttime (22), rss (24).
     * {@code null} when the text is not a stat line.
     */
    static Stat parseStat(long pid, String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        // field n (1-based) is the (n - 2)th blank-separated token after the ')'; scanned without splitting,
        // since this runs once per process per enumeration
        long utime = -1;
        long stime = -1;
        long start = -1;
        long rss = -1;
        int field = 2;
        int i = close + 1;
        int len = text.length();
        while (i < len && field < 24) {
            while (i < len && (text.charAt(i) == ' ' || text.charAt(i) == '\n')) {
                i++;
            }
            int from = i;
            while (i < len && text.charAt(i) != ' ' && text.charAt(i) != '\n') {
                i++;
            }
            if (i == from) {
                break;
            }
            field++;
            switch (field) {
                case 14 -> utime = digits(text, from, i);
                case 15 -> stime = digits(text, from, i);
                case 22 -> start = digits(text, from, i);
                case 24 -> rss = digits(text, from, i);
                default -> { }
            }
        }
        if (utime < 0 || stime < 0 || start < 0) {
            return null;
        }
        return new Stat(pid, text.substring(open + 1, close), utime + stime, start, Math.max(rss, 0));
    }

    /** An unsigned decimal in {@code text[from, to)}; -1 when it is not one (or would overflow). */
    private static long digits(String text, int from, int to) {
        if (to - from > 18 || to == from) {
            return -1;
        }
        long v = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Real uid and {@code VmRSS} (absent for kernel threads) from {@code <pid>/status}. */
    record Status(long uid, double rssBytes) {
    }

    static Status parseStatus(String text) {
        long uid = -1;
        double rss = Reading.ABSENT;
        for (String line : ProcText.lines(text)) {
            if (line.startsWith("Uid:")) {
                uid = ProcText.counter(ProcText.fields(line), 1);
            } else if (line.startsWith("VmRSS:")) {
                long kb = ProcText.counter(ProcText.fields(line), 1);
                rss = kb < 0 ? Reading.ABSENT : kb * 1024.0;
            }
        }
        return new Status(uid, rss);
    }

    /**
     * Arguments joined by single spaces (the file separates them with NULs), trimmed to
     * {@value #COMMAND_LINE_MAX} characters with "…" marking the cut; {@code [name]} when empty
     * (kernel threads and zombies), as {@code ps} shows them.
     */
    static String commandLine(String raw, String name) {
        if (raw == null || raw.isEmpty() || raw.chars().allMatch(ch -> ch == 0)) {
            return "[" + name + "]";
        }
        int end = raw.length();
        while (end > 0 && raw.charAt(end - 1) == 0) {
            end--;
        }
        String joined = raw.substring(0, end).replace('\0', ' ');
        if (joined.length() > COMMAND_LINE_MAX) {
            return joined.substring(0, COMMAND_LINE_MAX - 1) + "…";
        }
        return joined;
    }

    /** The user name for a uid, from the cached passwd file; the uid itself when it is not there. */
    private String userName(long uid) {
        String name = users.get(uid);
        if (name == null) {
            FileTime modified = modified(passwd);
            if (modified != null && !modified.equals(passwdModified)) {
                String content = text.readIfPresent(passwd);
                users = content == null ? Map.of() : parsePasswd(content);
                passwdModified = modified;
                name = users.get(uid);
            }
        }
        return name != null ? name : Long.toString(uid);
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code name:password:uid:...} lines to uid → name; the first name of a uid wins. */
    static Map<Long, String> parsePasswd(String text) {
        Map<Long, String> out = new HashMap<>();
        for (String line : ProcText.lines(text)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length >= 3) {
                long uid = ProcText.counter(f[2]);
                if (uid >= 0) {
                    out.putIfAbsent(uid, f[0]);
                }
            }
        }
        return out;
    }

    /** For the cost benchmark: the pid directory count without reading them. */
    static int countPids(Path procRoot) {
        String[] entries = new File(procRoot.toString()).list();
        int n = 0;
        if (entries != null) {
            for (String e : entries) {
                if (ProcText.counter(e) >= 0) {
                    n++;
                }
            }
        }
        return n;
    }
}
