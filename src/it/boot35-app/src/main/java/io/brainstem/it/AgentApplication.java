package io.brainstem.it;

import io.brainstem.monitor.RequestSummary;
import io.brainstem.web.RequestMetrics;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** An agent service on Spring Boot 3.5 with brainstem on its class path and nothing else of it. */
@SpringBootApplication
@RestController
public class AgentApplication {

    public record Answer(String agent, String reply, RequestSummary metrics) {
    }

    @GetMapping("/agents/{agent}/status")
    Answer status(@PathVariable String agent, HttpServletRequest request) {
        return new Answer(agent, "ready", RequestMetrics.summarySoFar(request));
    }

    public static void main(String[] args) {
        SpringApplication.run(AgentApplication.class, args);
    }
}
