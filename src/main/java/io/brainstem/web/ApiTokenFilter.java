package io.brainstem.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Requires {@code Authorization: Bearer <token>} on the API and the actuator when
 * {@code brainstem.api-token} is set. The comparison takes the same time whatever the sent token, and
 * the token never appears in a log or a response.
 */
public final class ApiTokenFilter extends OncePerRequestFilter {

    private final byte[] expected;
    private final ObjectMapper json;

    public ApiTokenFilter(String token, ObjectMapper json) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/api/") || path.startsWith("/actuator"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sent = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (sent != null && MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"brainstem\"");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        String why = sent == null ? "this endpoint requires Authorization: Bearer <brainstem.api-token>"
                : "the bearer token does not match brainstem.api-token";
        json.writeValue(response.getOutputStream(), new ApiError(401, "Unauthorized", null, why));
    }
}
