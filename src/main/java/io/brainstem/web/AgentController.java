package io.brainstem.web;

import io.brainstem.agent.AgentService;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The standalone service's example agent endpoint: {@code POST /api/v1/agent/ask} with
 * {@code {"question": "..."}} answers with the model's answer and this request's brainstem summary
 * under {@code metrics} (host readings, CPU and allocation, and the stages the answer went through).
 *
 * <p>Failures are JSON like every API error: 400 for a bad question, 503 while no model is configured
 * or the agent's queue is full (with Retry-After), 504 when the answer takes longer than
 * {@code agent.timeout}, 502 when the model server fails.
 */
@RestController
@RequestMapping(path = "/api/v1/agent", produces = MediaType.APPLICATION_JSON_VALUE)
public class AgentController {

    /** @param question what to ask the agent */
    public record AskRequest(String question) {
    }

    /** The answer, what the agent knows of it, and the request's summary so far. */
    public record AskResponse(String answer, String model, long queueWaitMillis, Long firstTokenMillis,
                              Object metrics) {
    }

    private final AgentService agent;
    private final int maxQuestionChars;

    public AgentController(AgentService agent, int maxQuestionChars) {
        this.agent = agent;
        this.maxQuestionChars = maxQuestionChars;
    }

    @PostMapping(path = "/ask", consumes = MediaType.APPLICATION_JSON_VALUE)
    public AskResponse ask(@RequestBody AskRequest body, HttpServletRequest request) {
        if (body == null || body.question() == null || body.question().isBlank()) {
            throw new BadParameterException("question", "is required");
        }
        if (body.question().length() > maxQuestionChars) {
            throw new BadParameterException("question", "must be at most " + maxQuestionChars + " characters");
        }
        AgentService.Answer answer = agent.ask(body.question());
        return new AskResponse(answer.text(), answer.model(), answer.queueWaitMillis(), answer.firstTokenMillis(),
                RequestMetrics.summarySoFar(request));
    }

    @ExceptionHandler(AgentService.Failure.class)
    ResponseEntity<ApiError> failure(AgentService.Failure e) {
        HttpStatus status = switch (e.kind()) {
            case NOT_CONFIGURED, BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
            case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
            case MODEL -> HttpStatus.BAD_GATEWAY;
        };
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (e.kind() == AgentService.Failure.Kind.BUSY) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(new ApiError(status.value(), status.getReasonPhrase(), null, e.getMessage()));
    }
}
