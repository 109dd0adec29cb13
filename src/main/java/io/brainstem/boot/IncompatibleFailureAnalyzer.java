package io.brainstem.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused start-up ({@link BootCompatibility}) into Spring Boot's "APPLICATION FAILED TO START" report. */
final class IncompatibleFailureAnalyzer extends AbstractFailureAnalyzer<BootCompatibility.IncompatibleException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BootCompatibility.IncompatibleException cause) {
        return new FailureAnalysis(cause.problem(), cause.action(), cause);
    }
}
