package io.brainstem.boot;

import org.springframework.boot.SpringBootVersion;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses, at start-up and before any of brainstem's beans is defined, an application brainstem cannot work
 * in, rather than leaving parts of it out without a word: a Spring Boot outside the supported lines (3.5 and
 * 4), or Spring Boot Actuator without either of its health APIs (Boot 4 moved it to its own module,
 * spring-boot-health), where brainstem's health components would silently be missing. A condition on
 * {@link BrainstemAutoConfiguration} that never answers "skip": it passes, or throws
 * {@link IncompatibleException}, which {@link IncompatibleFailureAnalyzer} reports. Evaluated after
 * {@code brainstem.enabled}, so a disabled brainstem checks nothing. Stateless.
 */
final class BootCompatibility implements Condition {

    /** Spring Boot 3's health API (spring-boot-actuator up to 3.5). */
    static final String ACTUATE_HEALTH = "org.springframework.boot.actuate.health.HealthIndicator";
    /** Spring Boot 4's health API (spring-boot-health). */
    static final String CONTRIBUTOR_HEALTH = "org.springframework.boot.health.contributor.HealthIndicator";
    /** Present wherever Spring Boot Actuator's endpoints are, in Boot 3 and 4. */
    static final String ACTUATOR = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

    /** The Spring Boot lines brainstem supports, as [first, beyond) on major.minor. */
    static final int[] OLDEST = {3, 5};
    static final int[] BEYOND = {5, 0};

    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

    /** Start-up refused: what is wrong, and what to do about it. */
    static final class IncompatibleException extends IllegalStateException {
        private final String problem;
        private final String action;

        IncompatibleException(String problem, String action) {
            super("brainstem cannot run in this application: " + problem + ". " + action);
            this.problem = problem;
            this.action = action;
        }

        String problem() {
            return "brainstem cannot run in this application: " + problem + ".";
        }

        String action() {
            return action + ".";
        }
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ClassLoader loader = context.getClassLoader();
        check(SpringBootVersion.getVersion(), name -> ClassUtils.isPresent(name, loader));
        return true;
    }

    /**
     * @param bootVersion Spring Boot's version, {@code null} when unknown (a repackaged jar without its
     *                    manifest), which is not held against the application
     * @param present     whether a class is on the application's class path
     * @throws IncompatibleException naming the problem and the remedy
     */
    static void check(String bootVersion, java.util.function.Predicate<String> present) {
        if (bootVersion != null) {
            Matcher m = MAJOR_MINOR.matcher(bootVersion);
            if (m.find()) {
                int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
                if (compare(v, OLDEST) < 0 || compare(v, BEYOND) >= 0) {
                    throw new IncompatibleException("it runs Spring Boot " + bootVersion + ", and brainstem supports "
                            + "Spring Boot " + OLDEST[0] + "." + OLDEST[1] + ".x and " + (OLDEST[0] + 1) + ".x",
                            "Move the application to a supported Spring Boot, or set brainstem.enabled=false");
                }
            }
        }
        if (present.test(ACTUATOR) && !present.test(ACTUATE_HEALTH) && !present.test(CONTRIBUTOR_HEALTH)) {
            throw new IncompatibleException("Spring Boot Actuator is on the class path without a health API ("
                    + ACTUATE_HEALTH + " or " + CONTRIBUTOR_HEALTH + "), so brainstem's health components "
                    + "brainstemDaemon and brainstemElasticsearch would be missing from /actuator/health",
                    "With Spring Boot 4 add org.springframework.boot:spring-boot-health (spring-boot-starter-actuator "
                            + "has it), or set brainstem.enabled=false");
        }
    }

    private static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }
}
