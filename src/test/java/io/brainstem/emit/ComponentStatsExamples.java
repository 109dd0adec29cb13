package io.brainstem.emit;

import io.brainstem.component.ComponentStats;
import io.brainstem.component.QueueStats;

/** A component and a queue with every figure present, for the COMPONENT document tests. */
final class ComponentStatsExamples {

    private ComponentStatsExamples() {
    }

    static ComponentStats full() {
        return new ComponentStats("gen_ai.chat.gpt-4o", 12, 1, 1 / 12.0, 812.5, 700.0, 1500.0, 1900.0, 2010.0, 3.5,
                0.004, 65536.0, 1, 2, 0, 1200L, 4800L, 95.5, 180.0, 5000.0, 30000.0, 2, 0.3, 900.0, 1.67);
    }

    static QueueStats queue() {
        return new QueueStats("agent.work", 100, 42, 0.42, 77, 90, 3, 5, 1250.0, 1, 0);
    }
}
