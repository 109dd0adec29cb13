package io.brainstem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The standalone service's default JVM options, {@code config/jvm.options}: the bench starts every
 * service instance with them, as the README's commands and the Dockerfile do.
 */
final class ServiceDefaults {

    static final Path OPTIONS = Path.of("config/jvm.options");

    private ServiceDefaults() {
    }

    /** The argument file, for a child JVM's command line. */
    static List<String> jvmArguments() {
        return List.of("@" + OPTIONS.toAbsolutePath());
    }

    /** The options in the file, without its comments, for the report. */
    static List<String> options() throws IOException {
        return Files.readAllLines(OPTIONS).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
