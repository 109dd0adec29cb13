package io.brainstem.agent;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.component.MonitoredQueue;
import io.brainstem.component.QueueRegistry;
import io.brainstem.sample.Sample;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.model.NoopApiKey;
import org.springframework.ai.model.SimpleApiKey;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Hooks;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Builds the example agent of the standalone service from {@link AgentProperties}. With no
 * {@code agent.model.url} only the (unconfigured) service exists and no Spring AI object is made.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AgentProperties.class)
public class AgentConfiguration {

    /** The name of the admission queue, in brainstem's queues. */
    static final String QUEUE = "agent.model_calls";

    @Bean(destroyMethod = "close")
    AgentService brainstemAgent(AgentProperties properties, ObjectProvider<ObservationRegistry> registries,
                                ObjectProvider<QueueRegistry> queues, RingBuffer<Sample> brainstemBuffer,
                                InstantSource brainstemClock) {
        properties.validate();
        ObservationRegistry registry = registries.getIfAvailable(() -> ObservationRegistry.NOOP);
        AdmissionQueue queue = new AdmissionQueue(QUEUE, properties.maxConcurrentCalls(), properties.queueCapacity());
        Runnable onRefused = () -> { };
        QueueRegistry registered = queues.getIfAvailable();
        // A line with no room to wait has no depth to watch; its refusals still show in the agent's 503s.
        if (registered != null && properties.queueCapacity() > 0) {
            MonitoredQueue monitored = registered.register(QUEUE, properties.queueCapacity(), queue::depth,
                    queue::oldestWait);
            onRefused = monitored::rejected;
        }
        ChatClient chat = properties.model().configured()
                ? chatClient(properties, registry, new HostTools(brainstemBuffer, brainstemClock))
                : null;
        return new AgentService(chat, properties.model().name(), queue, onRefused, registry, properties.timeout());
    }

    /** Spring AI's OpenAI model on the JDK's HTTP client (no Netty), observed, with the tool and the advisor. */
    static ChatClient chatClient(AgentProperties properties, ObservationRegistry registry, HostTools tools) {
        // Spring AI runs a streamed answer's tool calls on Reactor's bounded-elastic threads and opens the
        // tool's observation from the thread's current one: with Reactor's automatic context propagation
        // that is the model call's (from the stream's context), so the tool call belongs to the request.
        // This is what Boot's spring.reactor.context-propagation=auto does; only the agent uses Reactor here.
        Hooks.enableAutomaticContextPropagation();
        AgentProperties.Model m = properties.model();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(properties.timeout());
        // Servers that take the OpenAI API as "<root>/v1/..." are configured either way: with or without /v1.
        String base = m.url().replaceAll("/+$", "");
        String completions = "/v1/chat/completions";
        if (base.endsWith("/v1")) {
            completions = "/chat/completions";
        }
        OpenAiApi api = OpenAiApi.builder()
                .baseUrl(base)
                .completionsPath(completions)
                .apiKey(m.apiKey() == null ? new NoopApiKey() : new SimpleApiKey(m.apiKey()))
                .restClientBuilder(RestClient.builder().requestFactory(requests))
                .webClientBuilder(WebClient.builder().clientConnector(new JdkClientHttpConnector(http)))
                .build();
        OpenAiChatModel model = OpenAiChatModel.builder()
                .openAiApi(api)
                .defaultOptions(OpenAiChatOptions.builder().model(m.name()).streamUsage(true).build())
                .toolCallingManager(ToolCallingManager.builder().observationRegistry(registry).build())
                // One attempt: a failing model server is the caller's 502 now, not ten back-offs later.
                .retryTemplate(RetryTemplate.builder().maxAttempts(1).build())
                .observationRegistry(registry)
                .build();
        return ChatClient.builder(model, registry, null, null)
                .defaultTools(tools)
                .defaultAdvisors(new FirstTokenAdvisor())
                .build();
    }
}
