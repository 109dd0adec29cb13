package io.brainstem.emit;

import io.brainstem.testsupport.ElasticsearchNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence behind ADR 0003 that stays checkable: a time-series data stream refuses the client ids
 * brainstem relies on for exactly-once storage, and identifies documents by dimensions and time instead.
 */
class TimeSeriesModeTest {

    @Test
    void aTimeSeriesDataStreamRefusesClientIdsAndDeduplicatesByDimensionsAndTime() {
        ElasticsearchNode node = ElasticsearchNode.shared();
        String name = "metrics-" + ElasticsearchNode.uniqueName("tsds") + "-default";
        ElasticsearchNode.Response template = node.request("PUT", "/_index_template/" + name, """
                {"index_patterns":["%s"],"data_stream":{},"priority":500,
                 "template":{"settings":{"index.mode":"time_series","index.routing_path":["host.name"]},
                   "mappings":{"properties":{"@timestamp":{"type":"date"},
                     "host":{"properties":{"name":{"type":"keyword","time_series_dimension":true}}},
                     "system":{"properties":{"cpu":{"properties":{"total":{"properties":{"norm":{"properties":
                       {"pct":{"type":"double","time_series_metric":"gauge"}}}}}}}}}}}}}""".formatted(name));
        assertThat(template.status()).as(template.body()).isEqualTo(200);
        String doc = """
                {"@timestamp":"%s","host":{"name":"host-a"},"system":{"cpu":{"total":{"norm":{"pct":0.5}}}}}"""
                .formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS));

        ElasticsearchNode.Response withClientId = node.request("PUT", "/" + name + "/_create/brainstem-id-1", doc);
        ElasticsearchNode.Response first = node.request("POST", "/" + name + "/_doc?op_type=create", doc);
        ElasticsearchNode.Response same = node.request("POST", "/" + name + "/_doc?op_type=create", doc);

        assertThat(withClientId.status()).as(withClientId.body()).isEqualTo(400);
        assertThat(withClientId.body()).contains("_id must be unset or set to");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(same.status()).as("same host.name and @timestamp: " + same.body()).isEqualTo(409);
    }
}
