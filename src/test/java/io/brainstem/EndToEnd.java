package io.brainstem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.testsupport.ElasticsearchNode;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Small helpers shared by the end-to-end tests against the real Elasticsearch node. */
final class EndToEnd {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EndToEnd() {
    }

    /** Documents in {@code index} matching {@code query} (all when null), after a refresh; 0 while it does not exist. */
    static long count(ElasticsearchNode node, String index, String query) {
        node.request("POST", "/" + index + "/_refresh", null);
        ElasticsearchNode.Response r = node.request("POST", "/" + index + "/_count",
                query == null ? null : "{\"query\":" + query + "}");
        if (r.status() != 200) {
            return 0;
        }
        try {
            return JSON.readTree(r.body()).path("count").asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Polls the condition until it holds, failing the test after {@code limit}. */
    static void waitFor(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not reached within " + limit);
    }
}
