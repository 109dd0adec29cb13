package io.brainstem.emit;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bulk responses as Elasticsearch 8.19 writes them with the emitter's {@code filter_path}. */
class BulkResponsesTest {

    private static List<BulkItem> read(String json, int expected) throws IOException {
        return BulkResponses.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), expected);
    }

    @Test
    void shouldTakeEveryItemAsCreatedWhenTheResponseHasNoErrors() throws IOException {
        List<BulkItem> items = read("{\"errors\":false,\"items\":[{\"create\":{\"status\":201}},"
                + "{\"create\":{\"status\":201}}]}", 2);

        assertThat(items).hasSize(2).allSatisfy(i -> assertThat(i.verdict()).isEqualTo(BulkItem.Verdict.DELIVERED));
    }

    @Test
    void shouldReadStatusTypeAndReasonWithItsCausePerItemInOrder() throws IOException {
        String json = """
                {"errors":true,"items":[
                 {"create":{"status":201}},
                 {"create":{"status":409,"error":{"type":"version_conflict_engine_exception","reason":"[x]: version conflict, document already exists (current version [1])"}}},
                 {"create":{"status":400,"error":{"type":"document_parsing_exception","reason":"[1:9] failed to parse field [n] of type [long] in document with id 'c'","caused_by":{"type":"illegal_argument_exception","reason":"For input string: \\"abc\\""}}}},
                 {"create":{"status":429,"error":{"type":"es_rejected_execution_exception","reason":"rejected execution"}}},
                 {"create":{"status":503,"error":{"type":"unavailable_shards_exception","reason":"primary shard is not active"}}}
                ]}""";

        List<BulkItem> items = read(json, 5);

        assertThat(items).extracting(BulkItem::status).containsExactly(201, 409, 400, 429, 503);
        assertThat(items).extracting(BulkItem::verdict).containsExactly(BulkItem.Verdict.DELIVERED,
                BulkItem.Verdict.DELIVERED, BulkItem.Verdict.REJECTED, BulkItem.Verdict.RETRY, BulkItem.Verdict.RETRY);
        assertThat(items.get(2).type()).isEqualTo("document_parsing_exception");
        assertThat(items.get(2).reason()).contains("failed to parse field [n]").endsWith("For input string: \"abc\"");
    }

    @Test
    void shouldRefuseAResponseWhoseItemCountDiffersFromTheRequest() {
        assertThatThrownBy(() -> read("{\"errors\":true,\"items\":[{\"create\":{\"status\":201}}]}", 2))
                .isInstanceOf(IOException.class).hasMessageContaining("1 items for 2 documents");
    }

    @Test
    void shouldRefuseABodyThatIsNotABulkResponse() {
        assertThatThrownBy(() -> read("{\"error\":{\"type\":\"x\"},\"status\":500}", 1))
                .isInstanceOf(IOException.class).hasMessageContaining("errors");
        assertThatThrownBy(() -> read("[]", 1)).isInstanceOf(IOException.class);
    }

    @Test
    void shouldKeepForRetryWhatAConfigurationChangeCanFixAndRejectOnlyBadRequests() {
        assertThat(new BulkItem(200, null, null).verdict()).isEqualTo(BulkItem.Verdict.DELIVERED);
        assertThat(new BulkItem(400, "mapper_parsing_exception", "x").verdict()).isEqualTo(BulkItem.Verdict.REJECTED);
        assertThat(new BulkItem(400, "illegal_argument_exception", "x").verdict()).isEqualTo(BulkItem.Verdict.REJECTED);
        assertThat(new BulkItem(403, "security_exception", "x").verdict()).isEqualTo(BulkItem.Verdict.RETRY);
        assertThat(new BulkItem(404, "index_not_found_exception", "x").verdict()).isEqualTo(BulkItem.Verdict.RETRY);
        assertThat(new BulkItem(500, "x", "x").verdict()).isEqualTo(BulkItem.Verdict.RETRY);
    }
}
