package io.brainstem.bench;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Part 8 (components, issue 13): the observation handler's cost per observation (JMH with the gc
 * profiler, with and without brainstem's handler, on and off a request thread), and the heap one busy
 * component holds for a full buffer span.
 */
final class ComponentsBenchmarks {

    record Row(String handlers, boolean request, double nanos, double error, double bytesPerOp) {
    }

    record Result(List<Row> rows, long heapPerBusyComponent) {
        /** Nanoseconds and bytes brainstem adds per observation, on or off a request thread. */
        double addedNanos(boolean request) {
            return find("brainstem", request).nanos() - find("micrometer", request).nanos();
        }

        double addedBytes(boolean request) {
            return find("brainstem", request).bytesPerOp() - find("micrometer", request).bytesPerOp();
        }

        Row find(String handlers, boolean request) {
            return rows.stream().filter(r -> r.handlers().equals(handlers) && r.request() == request).findFirst()
                    .orElseThrow();
        }
    }

    private ComponentsBenchmarks() {
    }

    static Result run(MicroBenchmarks.Settings s) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (RunResult r : new Runner(new OptionsBuilder().include(ObservationHandlerBenchmark.class.getName() + "\\.")
                .forks(s.forks()).warmupIterations(s.warmupIterations()).warmupTime(TimeValue.seconds(s.warmupSeconds()))
                .measurementIterations(s.iterations()).measurementTime(TimeValue.seconds(s.iterationSeconds()))
                .threads(1).addProfiler(GCProfiler.class).shouldFailOnError(true)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED").build()).run()) {
            org.openjdk.jmh.results.Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            rows.add(new Row(r.getParams().getParam("handlers"), Boolean.parseBoolean(r.getParams().getParam("request")),
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
                    alloc == null ? Double.NaN : alloc.getScore()));
        }
        return new Result(rows, ComponentMemory.busyComponentBytes());
    }

    static void markdown(Result r, StringBuilder out) {
        out.append("## 8. Application components (observation handler)\n\n");
        out.append("One `start` + `stop` of a short observation on an `ObservationRegistry` with Micrometer's "
                + "`DefaultMeterObservationHandler` (as with actuator), without and with brainstem's handler; "
                + "`request`: on a thread serving a monitored request (the observation is also added to the "
                + "request's summary). Bytes per operation from JMH's gc profiler (`gc.alloc.rate.norm`).\n\n");
        out.append("| handlers | request thread | time per observation | allocated per observation |\n");
        out.append("|---|---|---|---|\n");
        for (Row row : r.rows()) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %.0f ± %.0f ns | %.0f B |%n", row.handlers(),
                    row.request() ? "yes" : "no", row.nanos(), row.error(), row.bytesPerOp()));
        }
        out.append(String.format(Locale.ROOT, "%nbrainstem adds %.0f ns and %.0f B per observation on a request "
                        + "thread, %.0f ns and %.0f B off it (target: < 1 µs, no allocation beyond Micrometer's). "
                        + "Thread CPU time is read only for components whose operations average 50 µs or more "
                        + "(two reads of the thread CPU clock, a system call, cost about 1 µs on this VM).%n%n",
                r.addedNanos(true), r.addedBytes(true), r.addedNanos(false), r.addedBytes(false)));
        out.append(String.format(Locale.ROOT, "Heap held by one component busy in every poll of a full hour "
                + "(720 intervals, 20 operations each, latencies spread over 0.2-5 s): %.1f KiB.%n%n",
                r.heapPerBusyComponent() / 1024.0));
    }
}
