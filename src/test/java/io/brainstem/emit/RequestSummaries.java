package io.brainstem.emit;

import io.brainstem.component.ComponentUse;
import io.brainstem.monitor.Basis;
import io.brainstem.monitor.Headline;
import io.brainstem.monitor.NearestSample;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.monitor.WindowSummary;
import io.brainstem.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Request summaries for the document tests, over samples from {@link FullSamples}. */
final class RequestSummaries {

    private RequestSummaries() {
    }

    /** A request that spanned {@code samples} polls (5 s apart from {@code at}): basis WINDOW. */
    static RequestSummary withWindow(Instant at, int samples) {
        List<Sample> window = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            window.add(FullSamples.full(i + 1, at.plusSeconds(5L * i), 0.1 + 0.8 * i / samples));
        }
        Instant end = at.plusSeconds(5L * samples);
        return new RequestSummary("4bf92f3577b34da6a3ce929d0e0e4736", "POST", "/api/v1/agent/ask", 200, at, end,
                Duration.between(at, end).toNanos(), 1_250_000L, 4096L, true, Basis.WINDOW,
                WindowSummary.of(window), null, null, List.of(
                        new ComponentUse("gen_ai.chat.gpt-4o", 1, 0, 812.5, 812.5, 3.25, 65536L, 120L, 480L, 95.5),
                        new ComponentUse("tool.weather", 2, 1, 40.0, 25.0, null, null, null, null, null)));
    }

    /** A short request between two polls: basis NEAREST with a sample before and after. */
    static RequestSummary withNearest(Instant at) {
        Sample before = FullSamples.full(10, at.minusMillis(1200), 0.4);
        Sample after = FullSamples.full(11, at.plusMillis(3800), 0.5);
        return new RequestSummary("0af7651916cd43dd8448eb211c80319c", "GET", "/api/v1/samples", 503, at,
                at.plusMillis(15), 15_000_000L, null, null, false, Basis.NEAREST, null,
                new NearestSample(10, before.timestamp(), 1200, Headline.of(before)),
                new NearestSample(11, after.timestamp(), 3785, Headline.of(after)));
    }
}
