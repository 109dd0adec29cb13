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

    private final Map<SampleFields.Field, Series> series = new LinkedHashMap<>();

    public SampleMeters(MeterRegistry registry) {
        for (SampleFields.Field field : SampleFields.all()) {
            series.put(field, new Series(field, MultiGauge.builder("brainstem." + field.name())
                    .description(field.description() + " (" + field.unit() + ")")
                    .register(registry)));
        }
    }

    /** Called after each poll, on the daemon thread. */
    public void update(Sample sample) {
        for (Series s : series.values()) {
            Map<String, Double> values = new LinkedHashMap<>();
            switch (s.field) {
                case SampleFields.Scalar scalar -> {
                    double v = scalar.valueIn(sample);
                    if (!Double.isNaN(v)) {
                        values.put("", v);
                    }
                }
                case SampleFields.PerSubject p -> p.valuesIn(sample).forEach((subject, v) -> {
                    if (v != null && !v.isNaN()) {
                        values.put(subject, v);
                    }
                });
            }
            s.update(values);
        }
    }

    /**
     * The series of one field: a value holder per subject. The meters are registered again only when the
     * set of subjects changes (a disk appears, a reading becomes absent); otherwise only the holders'
     * values change, so a scrape never finds a series missing while it is being replaced.
     */
    private static final class Series {
        private final SampleFields.Field field;
        private final MultiGauge gauge;
        private Map<String, Holder> holders = Map.of();

        Series(SampleFields.Field field, MultiGauge gauge) {
            this.field = field;
            this.gauge = gauge;
        }

        void update(Map<String, Double> values) {
            if (values.keySet().equals(holders.keySet())) {
                values.forEach((subject, v) -> holders.get(subject).value = v);
                return;
            }
            Map<String, Holder> next = new LinkedHashMap<>();
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            values.forEach((subject, v) -> {
                Holder h = new Holder(v);
                next.put(subject, h);
                Tags tags = subject.isEmpty() || !(field instanceof SampleFields.PerSubject p)
                        ? Tags.empty() : Tags.of(p.subject(), subject);
                rows.add(MultiGauge.Row.of(tags, h, holder -> holder.value));
            });
            holders = next;
            gauge.register(rows, true);
        }
    }

    /** Strongly held by the series (Micrometer holds gauge objects weakly). */
    private static final class Holder {
        volatile double value;

        Holder(double value) {
            this.value = value;
        }
    }
}
