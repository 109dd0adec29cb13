package io.brainstem.sensor;

import io.brainstem.sample.Reading;
import io.brainstem.sample.ThermalReading;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * CPU temperature, fan speeds and CPU voltage from {@code /sys/class/hwmon} and
 * {@code /sys/class/thermal}. Which files to read is worked out on the rediscovery schedule; a poll
 * then reads only those few files. A virtual machine exposes none of them: every value is absent and
 * the fan list empty, never 0.
 *
 * <p>The CPU temperature is the first answering candidate in this order: a CPU chip's package
 * sensor (coretemp "Package id", k10temp/zenpower "Tdie" then "Tctl"), the {@code x86_pkg_temp}
 * thermal zone, other CPU sensors and zones, and last the ACPI zone. A reading of 0 or below, or
 * above 150 °C, is a broken sensor and taken as absent. Fan inputs that read 0 at discovery are
 * unconnected headers and left out; a listed fan that later reads 0 has stopped, which is reported.
 *
 * <p>Not thread-safe: the daemon calls it one poll at a time.
 */
public final class ThermalSensor implements Sensor {

    private static final double MAX_PLAUSIBLE_CELSIUS = 150;

    private final ProcText text = new ProcText();
    private final ProcText polled = ProcText.keepingFilesOpen();
    private final Path hwmonRoot;
    private final Path thermalRoot;
    private final Duration rediscoverInterval;

    private Instant discoveredAt;
    private Sources sources = new Sources(List.of(), List.of(), null);

    public ThermalSensor(SensorSettings settings) {
        this.hwmonRoot = settings.sysRoot().resolve("class/hwmon");
        this.thermalRoot = settings.sysRoot().resolve("class/thermal");
        this.rediscoverInterval = settings.rediscoverInterval();
    }

    @Override
    public void close() {
        polled.close();
    }

    @Override
    public String name() {
        return "thermal";
    }

    /** The files a poll reads: temperature candidates best first (millidegrees), fans (rpm), voltage (mV). */
    record Sources(List<Path> temperatures, List<Path> fans, Path voltage) {
    }

    @Override
    public ThermalReading read(Instant now) {
        if (Rates.due(discoveredAt, now, rediscoverInterval)) {
            sources = discover(text, hwmonRoot, thermalRoot);
            discoveredAt = now;
        }
        double celsius = Reading.ABSENT;
        for (Path p : sources.temperatures()) {
            celsius = celsius(polled.longValue(p));
            if (!Double.isNaN(celsius)) {
                break;
            }
        }
        List<Double> fans = new ArrayList<>(sources.fans().size());
        for (Path p : sources.fans()) {
            Long rpm = polled.longValue(p);
            fans.add(rpm == null || rpm < 0 ? Reading.ABSENT : (double) rpm);
        }
        double volts = Reading.ABSENT;
        if (sources.voltage() != null) {
            Long mv = polled.longValue(sources.voltage());
            volts = mv == null || mv <= 0 ? Reading.ABSENT : mv / 1000.0;
        }
        return new ThermalReading(celsius, fans, volts);
    }

    static double celsius(Long millidegrees) {
        if (millidegrees == null || millidegrees <= 0) {
            return Reading.ABSENT;
        }
        double c = millidegrees / 1000.0;
        return c > MAX_PLAUSIBLE_CELSIUS ? Reading.ABSENT : c;
    }

    private record Candidate(Path file, int rank) {
    }

    static Sources discover(ProcText text, Path hwmonRoot, Path thermalRoot) {
        List<Candidate> temps = new ArrayList<>();
        List<Path> fans = new ArrayList<>();
        Path voltage = null;
        for (Path chip : children(hwmonRoot, "hwmon")) {
            Path dir = chip;
            String name = text.firstLine(chip.resolve("name"));
            if (name == null) {
                dir = chip.resolve("device"); // kernels before 3.15 kept the attributes one level down
                name = text.firstLine(dir.resolve("name"));
            }
            if (name == null) {
                continue;
            }
            name = name.toLowerCase(Locale.ROOT);
            for (Path input : children(dir, "temp")) {
                String file = input.getFileName().toString();
                if (!file.endsWith("_input")) {
                    continue;
                }
                String label = labelOf(text, input);
                int rank = hwmonTemperatureRank(name, label, file);
                if (rank >= 0) {
                    temps.add(new Candidate(input, rank));
                }
            }
            for (Path input : children(dir, "fan")) {
                if (input.getFileName().toString().endsWith("_input")) {
                    Long rpm = text.longValue(input);
                    if (rpm != null && rpm > 0) {
                        fans.add(input);
                    }
                }
            }
            if (voltage == null) {
                for (Path input : children(dir, "in")) {
                    String label = labelOf(text, input);
                    if (input.getFileName().toString().endsWith("_input") && isCpuVoltage(label)) {
                        voltage = input;
                        break;
                    }
                }
            }
        }
        for (Path zone : children(thermalRoot, "thermal_zone")) {
            String type = text.firstLine(zone.resolve("type"));
            int rank = type == null ? -1 : zoneRank(type.toLowerCase(Locale.ROOT));
            if (rank >= 0) {
                temps.add(new Candidate(zone.resolve("temp"), rank));
            }
        }
        temps.sort(Comparator.comparingInt(Candidate::rank)); // stable: chips and zones keep their order
        List<Path> files = new ArrayList<>(temps.size());
        for (Candidate c : temps) {
            files.add(c.file());
        }
        return new Sources(List.copyOf(files), List.copyOf(fans), voltage);
    }

    /** Lower is better; -1 when the input is not a CPU temperature. */
    static int hwmonTemperatureRank(String chip, String label, String file) {
        String l = label == null ? "" : label.toLowerCase(Locale.ROOT);
        switch (chip) {
            case "coretemp" -> {
                if (l.startsWith("package id") || l.startsWith("physical id")) {
                    return 0;
                }
                return l.isEmpty() && file.equals("temp1_input") ? 2 : -1;
            }
            case "k10temp", "zenpower" -> {
                if (l.equals("tdie")) {
                    return 0;
                }
                if (l.equals("tctl")) {
                    return 1;
                }
                return l.isEmpty() && file.equals("temp1_input") ? 2 : -1;
            }
            case "cpu_thermal", "cpu-thermal", "soc_thermal", "cpu0_thermal" -> {
                return file.equals("temp1_input") ? 2 : -1;
            }
            default -> {
                return -1;
            }
        }
    }

    /** Lower is better; -1 when the zone is not about the CPU. */
    static int zoneRank(String type) {
        if (type.equals("x86_pkg_temp")) {
            return 1;
        }
        if (type.startsWith("cpu") || type.startsWith("soc") || type.equals("coretemp")) {
            return 3;
        }
        return type.equals("acpitz") ? 4 : -1;
    }

    static boolean isCpuVoltage(String label) {
        if (label == null) {
            return false;
        }
        String l = label.toLowerCase(Locale.ROOT).replace(" ", "");
        return l.equals("vcore") || l.equals("cpucore") || l.equals("cpuvcore") || l.startsWith("vddcr_cpu")
                || l.equals("vcpu");
    }

    private static String labelOf(ProcText text, Path input) {
        String file = input.getFileName().toString();
        return text.firstLine(input.resolveSibling(file.substring(0, file.length() - "_input".length()) + "_label"));
    }

    /** Entries of {@code dir} whose name starts with {@code prefix}, in natural order (hwmon2 before hwmon10). */
    static List<Path> children(Path dir, String prefix) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (p.getFileName().toString().startsWith(prefix)) { // no glob: it would compile a regex
                    out.add(p);
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing((Path p) -> naturalKey(p.getFileName().toString())));
        return out;
    }

    /** Pads every digit run to 10 places so that string order is numeric order. */
    private static String naturalKey(String name) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (Character.isDigit(c)) {
                int start = i;
                while (i < name.length() && Character.isDigit(name.charAt(i))) {
                    i++;
                }
                String digits = name.substring(start, i);
                b.append("0".repeat(Math.max(0, 10 - digits.length()))).append(digits);
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }
}
