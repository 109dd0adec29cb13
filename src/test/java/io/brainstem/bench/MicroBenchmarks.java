package io.brainstem.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Parts 3 and 4 (per request): the JMH benchmarks, run in forked JVMs through JMH's runner. */
final class MicroBenchmarks {

    /** JMH settings kept small so the whole suite stays within minutes; stated in the report. */
    record Settings(int forks, int warmupIterations, int warmupSeconds, int iterations, int iterationSeconds) {
        String describe() {
            return forks + " fork, " + warmupIterations + " × " + warmupSeconds + " s warm-up, " + iterations + " × "
                    + iterationSeconds + " s measurement, average time per operation";
        }
    }

    record Score(double nanos, double error) {
        static Score of(Result<?> r) {
            return new Score(r.getScore(), r.getScoreError());
        }
    }

    record RingRow(int slots, int readers, Score append, Score windowQuery) {
    }

    record MonitorRow(String benchmark, Score score) {
    }

    /** One operation alone: {@code append} or {@code windowQuery}. */
    record AloneRow(int slots, String operation, Score score) {
    }

    record Results(List<AloneRow> alone, List<RingRow> ring, List<MonitorRow> monitor) {
    }

    private MicroBenchmarks() {
    }

    static Results run(Settings s, int[] readerCounts) throws Exception {
        List<AloneRow> alone = new ArrayList<>();
        for (RunResult r : new Runner(base(s).include(RingBufferAloneBenchmark.class.getName() + "\\.").threads(1)
                .build()).run()) {
            String name = r.getParams().getBenchmark();
            alone.add(new AloneRow(Integer.parseInt(r.getParams().getParam("slots")),
                    name.substring(name.lastIndexOf('.') + 1), Score.of(r.getPrimaryResult())));
        }
        List<RingRow> ring = new ArrayList<>();
        for (int readers : readerCounts) {
            Options o = base(s).include(RingBufferBenchmark.class.getName() + "\\.").threadGroups(1, readers).build();
            for (RunResult r : new Runner(o).run()) {
                int slots = Integer.parseInt(r.getParams().getParam("slots"));
                ring.add(new RingRow(slots, readers, Score.of(r.getSecondaryResults().get("append")),
                        Score.of(r.getSecondaryResults().get("windowQuery"))));
            }
        }
        ring.sort((a, b) -> a.slots != b.slots ? Integer.compare(a.slots, b.slots) : Integer.compare(a.readers, b.readers));
        List<MonitorRow> monitor = new ArrayList<>();
        Collection<RunResult> results = new Runner(base(s).include(RequestMonitorBenchmark.class.getName() + "\\.")
                .threads(1).build()).run();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            monitor.add(new MonitorRow(name.substring(name.lastIndexOf('.') + 1), Score.of(r.getPrimaryResult())));
        }
        return new Results(alone, ring, monitor);
    }

    private static ChainedOptionsBuilder base(Settings s) {
        return new OptionsBuilder().forks(s.forks()).warmupIterations(s.warmupIterations())
                .warmupTime(TimeValue.seconds(s.warmupSeconds())).measurementIterations(s.iterations())
                .measurementTime(TimeValue.seconds(s.iterationSeconds())).shouldFailOnError(true)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED");
    }
}
