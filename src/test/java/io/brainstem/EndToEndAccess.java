package io.brainstem;

import io.brainstem.testsupport.ElasticsearchNode;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** {@link EndToEnd}'s helpers for end-to-end tests in other packages. */
public final class EndToEndAccess {

    private EndToEndAccess() {
    }

    public static long count(ElasticsearchNode node, String index, String query) {
        return EndToEnd.count(node, index, query);
    }

    public static void waitFor(Duration limit, BooleanSupplier condition) throws InterruptedException {
        EndToEnd.waitFor(limit, condition);
    }
}
