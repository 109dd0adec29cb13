package io.brainstem.agent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The example agent's settings ({@code agent.*}, documented in {@code config/application.yml}). Unknown
 * keys are rejected; {@link #validate()} names the key and the reason.
 *
 * @param model              the OpenAI-compatible model server
 * @param maxConcurrentCalls model calls in progress at once; more wait in the queue
 * @param queueCapacity      questions that may wait for a free call; beyond it the agent answers 503
 * @param timeout            how long one question may take, queue wait included; past it the agent answers 504
 * @param maxQuestionChars   the longest question accepted
 */
@ConfigurationProperties(prefix = "agent", ignoreUnknownFields = false)
public record AgentProperties(@DefaultValue Model model,
                              @DefaultValue("4") int maxConcurrentCalls,
                              @DefaultValue("16") int queueCapacity,
                              @DefaultValue("60s") Duration timeout,
                              @DefaultValue("8000") int maxQuestionChars) {

    /**
     * @param url     base URL of an OpenAI-compatible server ({@code /v1/chat/completions} below it);
     *                empty: the agent endpoint answers 503 until one is configured
     * @param name    the model to ask for
     * @param apiKey  the server's API key, if it wants one (prefer AGENT_MODEL_APIKEY in the environment)
     */
    public record Model(String url, @DefaultValue("gpt-4o-mini") String name, String apiKey) {
        public Model {
            url = url == null || url.isBlank() ? null : url.strip();
            apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        }

        public boolean configured() {
            return url != null;
        }

        /** Never prints the key. */
        @Override
        public String toString() {
            return "Model[url=" + url + ", name=" + name + ", apiKey=" + (apiKey == null ? "unset" : "******") + "]";
        }
    }

    /** @throws InvalidConfigurationPropertyValueException naming the first bad key */
    public AgentProperties validate() {
        if (model.configured()) {
            URI uri;
            try {
                uri = new URI(model.url());
            } catch (URISyntaxException e) {
                throw new InvalidConfigurationPropertyValueException("agent.model.url", model.url(),
                        "is not a URL: " + e.getReason());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidConfigurationPropertyValueException("agent.model.url", model.url(),
                        "must be an http:// or https:// URL with a host");
            }
        }
        if (model.name() == null || model.name().isBlank()) {
            throw new InvalidConfigurationPropertyValueException("agent.model.name", model.name(), "must not be empty");
        }
        if (maxConcurrentCalls < 1 || maxConcurrentCalls > 256) {
            throw new InvalidConfigurationPropertyValueException("agent.max-concurrent-calls", maxConcurrentCalls,
                    "must be between 1 and 256");
        }
        if (queueCapacity < 0 || queueCapacity > 10_000) {
            throw new InvalidConfigurationPropertyValueException("agent.queue-capacity", queueCapacity,
                    "must be between 0 and 10000");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigurationPropertyValueException("agent.timeout", timeout, "must be positive");
        }
        if (maxQuestionChars < 1) {
            throw new InvalidConfigurationPropertyValueException("agent.max-question-chars", maxQuestionChars,
                    "must be at least 1");
        }
        return this;
    }
}
