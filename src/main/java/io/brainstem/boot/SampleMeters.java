package io.brainstem.boot;

import io.brainstem.sample.Sample;
import io.brainstem.sample.SampleFields;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest host readings as Micrometer gauges, one per {@link SampleFields} field, named
 * {@code brainstem.<field>} ({@code brainstem_system_cpu_total_norm_pct} in Prometheus); per-subject
 * readings carry the subject as a tag ({@code device}, {@code mount}, {@code interface}, {@code core},
 * {@code fan}). A reading the latest sample lacks has no time series at all rather than a 0 or NaN, and
 * a disk or mount that disappears takes its series with it. Updated after each poll on the daemon thread.
 */
public final class SampleMeters {

    private final Map<SampleFields.Field, MultiGauge> gauges = new LinkedHashMap<>();

    public SampleMeters(MeterRegistry registry) {
        for (SampleFields.Field field : SampleFields.all()) {
            gauges.put(field, MultiGauge.builder("brainstem." + field.name())
                    .description(field.description() + " (" + field.unit() + ")")
                    .register(registry));
        }
    }

    public void update(Sample sample) {
        for (Map.Entry<SampleFields.Field, MultiGauge> e : gauges.entrySet()) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            switch (e.getKey()) {
                case SampleFields.Scalar s -> {
                    double v = s.valueIn(sample);
                    if (!Double.isNaN(v)) {
                        rows.add(MultiGauge.Row.of(Tags.empty(), v));
                    }
                }
                case SampleFields.PerSubject p -> p.valuesIn(sample).forEach((subject, v) -> {
                    if (v != null && !v.isNaN()) {
                        rows.add(MultiGauge.Row.of(Tags.of(p.subject(), subject), v));
                    }
                });
            }
            e.getValue().register(rows, true);
        }
    }
}
