package io.brainstem.embedded;

import io.brainstem.monitor.RequestSummary;
import io.brainstem.web.RequestMetrics;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;

/**
 * An HTTP agent service of its own that embeds brainstem the way a user would: brainstem is only a
 * dependency on its class path; nothing here names a brainstem bean.
 */
@SpringBootApplication
public class EmbeddingAgentApplication {

    public record Answer(String agent, String reply, RequestSummary metrics) {
    }

    @RestController
    static class AgentController {
        @PostMapping("/agents/{agent}/ask")
        Answer ask(@PathVariable String agent, @RequestBody String question, HttpServletRequest request) {
            String reply = new StringBuilder(question.toUpperCase(Locale.ROOT)).reverse().toString();
            return new Answer(agent, reply, RequestMetrics.summarySoFar(request));
        }
    }
}
