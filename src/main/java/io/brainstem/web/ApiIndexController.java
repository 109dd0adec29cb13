package io.brainstem.web;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1}: the API's readable endpoints, as the application has them mapped now. The live
 * page asks it which panels it can fill (alerts, emitter state...) instead of probing for 404s, and a
 * person with {@code curl} sees what there is.
 */
@RestController
public class ApiIndexController {

    private final Supplier<Collection<RequestMappingInfo>> mappings;

    /** @param mappings every request mapping of the application, read on each call (they are few) */
    public ApiIndexController(Supplier<Collection<RequestMappingInfo>> mappings) {
        this.mappings = mappings;
    }

    public record ApiIndex(List<String> endpoints) {
    }

    @GetMapping(path = {"/api/v1", "/api/v1/"})
    public ResponseEntity<byte[]> index() {
        Set<String> paths = new TreeSet<>();
        for (RequestMappingInfo info : mappings.get()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
                continue;
            }
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/v1/")) {
                    paths.add(pattern);
                }
            }
        }
        return Responses.json(new ApiIndex(List.copyOf(paths)));
    }
}
