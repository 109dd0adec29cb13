package io.brainstem.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model server for tests: the part of the OpenAI chat-completions API that Spring AI's OpenAI model
 * uses ({@code POST /v1/chat/completions}, streamed as server-sent events or whole), on loopback, with
 * scripted behaviour instead of a model (no model can run here). It behaves as a tool-using model does:
 * <ul>
 *   <li>asked with tools and no tool result yet: it calls the first tool, with {@code {}} as arguments;</li>
 *   <li>given a tool result (or no tools): it answers, word by word, "Host status: " followed by the
 *       tool's result, after {@link #firstTokenDelay} and {@link #tokenDelay} between words;</li>
 *   <li>each streamed answer ends with a usage chunk when the client asks for it
 *       ({@code stream_options.include_usage}): prompt tokens = words in the request's messages,
 *       completion tokens = chunks of text sent, so a test can compare what the client reports.</li>
 * </ul>
 * {@link #failNext(int)} answers the next request with an HTTP error; {@link #delayNext(Duration)}
 * holds the next request before it answers. Every request's body is kept ({@link #requests()}).
 *
 * <p>Thread-safe; requests are served on virtual threads.
 */
public final class LoopbackModelServer implements AutoCloseable {

    /** What the server sent back for one request. */
    public record Exchange(JsonNode request, boolean toolCall, int promptTokens, int completionTokens) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Duration> delays = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Duration firstTokenDelay = Duration.ofMillis(150);
    private volatile Duration tokenDelay = Duration.ofMillis(10);

    public LoopbackModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::completions);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}: the base URL for {@code agent.model.url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public LoopbackModelServer firstTokenDelay(Duration delay) {
        this.firstTokenDelay = delay;
        return this;
    }

    public LoopbackModelServer tokenDelay(Duration delay) {
        this.tokenDelay = delay;
        return this;
    }

    /** The next request is answered with this HTTP status and an OpenAI-style error body. */
    public void failNext(int status) {
        failures.add(status);
    }

    /** The next request waits this long before anything is sent. */
    public void delayNext(Duration delay) {
        delays.add(delay);
    }

    public List<Exchange> requests() {
        return new ArrayList<>(exchanges);
    }

    public void reset() {
        exchanges.clear();
        failures.clear();
        delays.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void completions(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = json.readTree(exchange.getRequestBody());
            Duration delay = delays.poll();
            if (delay != null) {
                sleep(delay);
            }
            Integer failure = failures.poll();
            if (failure != null) {
                byte[] body = ("{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\",\"code\":"
                        + failure + "}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(failure, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            String tool = toolToCall(request);
            String id = "chatcmpl-" + ids.incrementAndGet();
            String model = request.path("model").asText("loopback");
            int promptTokens = countWords(request.path("messages"));
            if (request.path("stream").asBoolean(false)) {
                stream(exchange, request, id, model, tool, promptTokens);
            } else {
                whole(exchange, request, id, model, tool, promptTokens);
            }
        }
    }

    /** The tool to call: the first one offered, unless the conversation already has a tool result. */
    private static String toolToCall(JsonNode request) {
        JsonNode tools = request.path("tools");
        if (!tools.isArray() || tools.isEmpty()) {
            return null;
        }
        for (JsonNode m : request.path("messages")) {
            if ("tool".equals(m.path("role").asText())) {
                return null;
            }
        }
        return tools.get(0).path("function").path("name").asText();
    }

    /** The answer's words: "Host status:" and the last tool result, or an echo of the question. */
    private static List<String> answerWords(JsonNode request) {
        String toolResult = null;
        String question = "";
        for (JsonNode m : request.path("messages")) {
            switch (m.path("role").asText()) {
                case "tool" -> toolResult = m.path("content").asText();
                case "user" -> question = m.path("content").asText();
                default -> {
                }
            }
        }
        String text = toolResult != null ? "Host status: " + toolResult : "You asked: " + question;
        List<String> words = new ArrayList<>();
        for (String w : text.split(" ")) {
            words.add(words.isEmpty() ? w : " " + w);
        }
        return words;
    }

    private void stream(HttpExchange exchange, JsonNode request, String id, String model, String tool,
                        int promptTokens) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        boolean usage = request.path("stream_options").path("include_usage").asBoolean(false);
        int completionTokens;
        sleep(firstTokenDelay);
        if (tool != null) {
            ObjectNode call = json.createObjectNode();
            call.put("index", 0).put("id", "call_" + id).put("type", "function");
            call.putObject("function").put("name", tool).put("arguments", "");
            send(out, chunk(id, model, delta(true).set("tool_calls", json.createArrayNode().add(call)), null));
            ObjectNode args = json.createObjectNode();
            args.put("index", 0).putObject("function").put("arguments", "{}");
            send(out, chunk(id, model, delta(false).set("tool_calls", json.createArrayNode().add(args)), null));
            send(out, chunk(id, model, json.createObjectNode(), "tool_calls"));
            completionTokens = 1;
        } else {
            List<String> words = answerWords(request);
            for (int i = 0; i < words.size(); i++) {
                if (i > 0) {
                    sleep(tokenDelay);
                }
                send(out, chunk(id, model, delta(i == 0).put("content", words.get(i)), null));
            }
            send(out, chunk(id, model, json.createObjectNode(), "stop"));
            completionTokens = words.size();
        }
        if (usage) {
            ObjectNode last = base(id, model);
            last.putArray("choices");
            last.set("usage", usage(promptTokens, completionTokens));
            send(out, last);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        exchanges.add(new Exchange(request, tool != null, promptTokens, completionTokens));
    }

    private void whole(HttpExchange exchange, JsonNode request, String id, String model, String tool,
                       int promptTokens) throws IOException {
        ObjectNode body = base(id, model);
        body.put("object", "chat.completion");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        int completionTokens;
        if (tool != null) {
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", "call_" + id).put("type", "function");
            call.putObject("function").put("name", tool).put("arguments", "{}");
            choice.put("finish_reason", "tool_calls");
            completionTokens = 1;
        } else {
            List<String> words = answerWords(request);
            message.put("content", String.join("", words));
            choice.put("finish_reason", "stop");
            completionTokens = words.size();
        }
        body.set("usage", usage(promptTokens, completionTokens));
        sleep(firstTokenDelay);
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchanges.add(new Exchange(request, tool != null, promptTokens, completionTokens));
    }

    private ObjectNode base(String id, String model) {
        ObjectNode node = json.createObjectNode();
        node.put("id", id).put("object", "chat.completion.chunk").put("created", System.currentTimeMillis() / 1000)
                .put("model", model);
        return node;
    }

    private ObjectNode chunk(String id, String model, ObjectNode delta, String finishReason) {
        ObjectNode node = base(id, model);
        ArrayNode choices = node.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return node;
    }

    private ObjectNode delta(boolean first) {
        ObjectNode delta = json.createObjectNode();
        if (first) {
            delta.put("role", "assistant");
        }
        return delta;
    }

    private ObjectNode usage(int prompt, int completion) {
        ObjectNode usage = json.createObjectNode();
        usage.put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
        return usage;
    }

    private void send(OutputStream out, JsonNode event) throws IOException {
        out.write(("data: " + json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static int countWords(JsonNode messages) {
        int n = 0;
        for (JsonNode m : messages) {
            String content = m.path("content").asText("");
            if (!content.isBlank()) {
                n += content.strip().split("\\s+").length;
            }
        }
        return n;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
